// The limits checked on the HTTP request before Apollo reads it: the body's size (a GET's query
// string too), the number of operations in a batch; and the rate-limit headers on every answer.
import { STATUS_CODES } from 'node:http';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Limits } from '../config';
import { acceptedMediaType, APPLICATION_JSON } from '../http/response-status';
import { LimitError } from './limit-error';
import { type Client, type CostRateLimiter, rateLimitHeaders } from './rate-limit';

function tooLarge(limits: Limits, size: number | null, what: string): LimitError {
  const found = size === null ? 'more bytes than that' : `${size} bytes`;
  return new LimitError(
    'DOCUMENT_TOO_LARGE',
    `The ${what} has ${found}, over the maximum of ${limits.maxBodyBytes} (MAX_BODY_BYTES). ` +
      'Send a shorter document, and move large values into variables of several smaller requests.',
    { status: 413 },
  );
}

/** The client's media type, as Apollo would answer it (a client of graphql-response+json reads the error). */
function mediaTypeFor(request: FastifyRequest): string {
  return acceptedMediaType(request.headers.accept) ?? APPLICATION_JSON;
}

function refuseWith(request: FastifyRequest, reply: FastifyReply, error: LimitError, status: number): FastifyReply {
  return reply.code(status).type(mediaTypeFor(request)).send(error.toBody());
}

/** Fastify's bodyLimit: it needs a number, and "off" is as much as anyone can send. */
export function bodyLimit(limits: Limits): number {
  return limits.maxBodyBytes ?? Number.MAX_SAFE_INTEGER;
}

/**
 * The hooks of the scope that holds /graphql. `clientOf` is the client a request was found to
 * be (set while its context is built), or null before that.
 */
export function limitHttpRequests(
  scope: FastifyInstance,
  limits: Limits,
  rateLimiter: CostRateLimiter | null,
  clientOf: (request: FastifyRequest) => Client | null | Promise<Client | null>,
  /** Told the code of every request refused here, before Apollo sees it (for the metrics). */
  onRefused: (code: string) => void = () => undefined,
): void {
  const { maxBodyBytes, maxBatch } = limits;
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: LimitError, status: number): FastifyReply => {
    onRefused(error.code);
    return refuseWith(request, reply, error, status);
  };
  scope.addHook('preValidation', async (request, reply) => {
    if (request.method === 'GET' && maxBodyBytes !== null && request.url.includes('?')) {
      const size = request.url.length - request.url.indexOf('?') - 1;
      if (size > maxBodyBytes) return refuse(request, reply, tooLarge(limits, size, 'query string'), 413);
    }
    if (Array.isArray(request.body) && request.body.length > maxBatch) {
      const operations = `${request.body.length} operation${request.body.length === 1 ? '' : 's'}`;
      const error = new LimitError(
        'BATCH_LIMIT_EXCEEDED',
        maxBatch === 0
          ? `The request is a batch of ${operations}, and batches are off on this server (MAX_BATCH=0). ` +
              'Send one operation per request.'
          : `The request is a batch of ${operations}, over the maximum of ${maxBatch} (MAX_BATCH). ` +
              `Send at most ${maxBatch} operations per request.`,
      );
      return refuse(request, reply, error, 400);
    }
  });
  scope.setErrorHandler((error, request, reply) => {
    // The connection closed while the body was coming (a request timeout, src/http/connections.ts,
    // or a client that gave up): nobody is left to answer, and it is no bad request. Fastify's own
    // handler logs it ("aborted").
    if (request.raw.socket?.destroyed) throw error;
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const declared = Number(request.headers['content-length']);
      return refuse(request, reply, tooLarge(limits, Number.isInteger(declared) ? declared : null, 'request body'), 413);
    }
    // Fastify's other refusals of a body it cannot read (broken JSON, an empty JSON body, a media
    // type it has no parser for) in GraphQL's shape, with a code and how to send a request.
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      onRefused('BAD_REQUEST');
      return reply.code(status).type(mediaTypeFor(request)).send({
        errors: [
          {
            message:
              `${(error as Error).message}. Send a GraphQL request as JSON, e.g. POST with content-type application/json ` +
              'and the body {"query": "{ papers(first: 1) { totalCount } }", "variables": {}}.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
    throw error;
  });
  if (rateLimiter) {
    scope.addHook('onSend', async (request, reply, payload) => {
      const client = await clientOf(request);
      if (client) reply.headers(rateLimitHeaders(await rateLimiter.current(client)));
      return payload;
    });
  }
}

/**
 * Node reads at most 16 KiB of request line and headers, and refuses longer ones before Fastify
 * sees them: a GET whose query string is that long is answered here, in GraphQL's shape.
 */
export function answerOversizedHeaders(app: FastifyInstance, limits: Limits): void {
  app.server.prependListener('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) return;
    const tooLong = new LimitError(
      'DOCUMENT_TOO_LARGE',
      'The request line and headers are over the 16 KiB this server reads. Send a long GraphQL document in the body ' +
        `of a POST request (up to ${limits.maxBodyBytes ?? 'any number of'} bytes, MAX_BODY_BYTES) rather than in the URL.`,
    );
    socket.write(rawAnswer(431, tooLong.toBody()));
    // Destroyed, Fastify's own handler leaves the socket alone.
    socket.destroy();
  });
}

/**
 * A whole HTTP answer to write on a socket, for a request refused before Node made it one that
 * Fastify sees (headers too long, a request timeout, a connection over the cap): JSON in GraphQL's
 * shape, and the connection closed after it.
 */
export function rawAnswer(status: number, body: object): string {
  const json = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
}
