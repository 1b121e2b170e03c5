// A browser page on another origin asks first (a CORS preflight: OPTIONS with an Origin and an
// Access-Control-Request-Method). Without CORS_ORIGINS no such page may call the API, and the
// preflight used to reach Apollo, whose answer spoke of CSRF, which was not the problem: the
// refusal now says which setting lets that page in. (With CORS_ORIGINS set, @fastify/cors
// answers every preflight itself.)
import { type FastifyInstance } from 'fastify';

export const CORS_ORIGIN_NOT_ALLOWED = 'CORS_ORIGIN_NOT_ALLOWED';

export function refusePreflightsWithoutCors(scope: FastifyInstance, onRefused: (reason: string) => void): void {
  scope.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || !origin || !request.headers['access-control-request-method']) return;
    onRefused(CORS_ORIGIN_NOT_ALLOWED);
    // No Access-Control-Allow-Origin: the browser fails the preflight and shows this in its
    // network panel; curl and the page's developer read it.
    return reply
      .code(403)
      .type('application/json')
      .send({
        errors: [
          {
            message:
              `A page at ${origin.slice(0, 200)} asked to call this API from a browser (a CORS preflight), and this server lets no other ` +
              `origin call it. Start the server with CORS_ORIGINS=${origin.slice(0, 200)} (origins separated by commas, or * for any) to let ` +
              'that page call it; scripts and servers need no CORS.',
            extensions: { code: CORS_ORIGIN_NOT_ALLOWED },
          },
        ],
      });
  });
}
