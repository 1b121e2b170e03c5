// The Host header that /graphql needs: @as-integrations/fastify builds each request's URL from
// it (`new URL(url, protocol://hostname/)`), and a missing or malformed one made that throw, which
// was answered 500 and logged as an unexpected error. It is the client's mistake: 400, and a warning.
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { acceptedMediaType, APPLICATION_JSON } from './response-status';

// How many characters of a bad Host the message and the log quote.
const QUOTED = 100;

/** Null when the integration can build the request's URL; otherwise what is wrong, for the message. */
export function hostProblem(request: FastifyRequest): string | null {
  if (URL.canParse(request.url, `${request.protocol}://${request.hostname}/`)) return null;
  // Fastify takes the host from X-Forwarded-Host when the request comes from a trusted proxy.
  const header = request.host === (request.headers.host ?? '') ? 'Host' : 'X-Forwarded-Host';
  if (request.host === '') return `The request has no ${header} header (HTTP/1.0 allows that; this endpoint needs it).`;
  return `The request's ${header} header, ${JSON.stringify(request.host.slice(0, QUOTED))}, is not a valid host name or address with an optional port.`;
}

/** Refuses, in the scope that holds /graphql, a request whose Host the integration cannot read. */
export function requireValidHost(scope: FastifyInstance, onRefused: (code: string) => void = () => undefined): void {
  scope.addHook('onRequest', async (request, reply) => {
    const problem = hostProblem(request);
    if (problem === null) return;
    onRefused('BAD_REQUEST');
    request.log.warn({ host: request.host.slice(0, QUOTED) }, 'refused: missing or malformed Host header');
    return reply
      .code(400)
      .type(acceptedMediaType(request.headers.accept) ?? APPLICATION_JSON)
      .send({
        errors: [
          {
            message:
              `${problem} Send the server's name or address, with its port unless it is the default, in the Host header: ` +
              'e.g. `Host: api.example.org`, `Host: 127.0.0.1:4000` or `Host: [::1]:4000` (HTTP/1.1 clients send it by themselves).',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
  });
}
