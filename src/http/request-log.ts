// What the log says of a request (Fastify's `req` serializer): its method and path, never the
// values of its query string. A client that puts a key in the URL (`?access_token=...`) or
// personal data in a GET's variables would otherwise have them written verbatim to every log line.
import { type FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

// The GraphQL-over-HTTP parameters of a GET: their names say what kind of request it was. Any
// other name is itself redacted, since a key sent as a bare `?sg_...` is a name without a value.
const KNOWN_PARAMETERS: ReadonlySet<string> = new Set(['query', 'operationName', 'variables', 'extensions']);

function nameOf(parameter: string): string | null {
  const raw = parameter.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The URL's path, and its query string with every value replaced: `/graphql?query=[redacted]&[redacted]`. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const parameters = url
    .slice(mark + 1)
    .split('&')
    .filter((parameter) => parameter !== '')
    .map((parameter) => {
      const name = nameOf(parameter);
      return name !== null && KNOWN_PARAMETERS.has(name) ? `${name}=${REDACTED}` : REDACTED;
    });
  return parameters.length === 0 ? url.slice(0, mark) : `${url.slice(0, mark)}?${parameters.join('&')}`;
}

/** Fastify's own `req` serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  const version = request.headers['accept-version'];
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: Array.isArray(version) ? version.join(', ') : version,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
