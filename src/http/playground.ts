// The GraphiQL playground, served by this server with no request to any other host: at
// /playground, and at /graphql for a browser that asks for a page (content negotiation, as Apollo
// decides for its own landing page); its files under /playground/assets, cached for a year
// (their names change with their contents). Off (PLAYGROUND=false): /playground answers 404,
// and a browser's visit to /graphql a 406 that says how to send a GraphQL request instead (Apollo
// would answer it with its CSRF refusal, which tells a person nothing).
import { type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import Negotiator from 'negotiator';
import { type PlaygroundBundle, preparePlaygroundBundle } from '../playground/bundle-cache';
import { DEFAULT_HEADERS, exampleTabs } from '../playground/examples';
import { renderPage } from '../playground/page';
import { type Store } from '../store';

export const PLAYGROUND_PATH = '/playground';
export const ASSETS_PATH = `${PLAYGROUND_PATH}/assets`;
const ENDPOINT = '/graphql';

// What a GraphQL client asks for; a browser's navigation prefers text/html over all of them.
const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed'];

/** A GET with no GraphQL request in its query string from a client that prefers HTML. */
export function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const query = request.query as Record<string, unknown>;
  if (query.query !== undefined || query.extensions !== undefined) return false;
  const accept = request.headers.accept;
  return !!accept && new Negotiator({ headers: { accept } }).mediaType([...GRAPHQL_MEDIA_TYPES, 'text/html']) === 'text/html';
}

// One bundle per process, shared by every server in it; a failed build is retried next time.
let bundle: Promise<PlaygroundBundle> | null = null;
let ready: PlaygroundBundle | null = null;

function bundleOnce(log: FastifyRequest['log']): Promise<PlaygroundBundle> {
  bundle ??= preparePlaygroundBundle({
    onBuild: (cacheRoot) => log.info({ cacheRoot }, 'building the playground bundle (once per install of its packages)'),
  }).then(
    (prepared) => {
      log.info({ origin: prepared.origin, ms: Math.round(prepared.milliseconds), directory: prepared.directory }, 'playground bundle ready');
      ready = prepared;
      return prepared;
    },
    (error: unknown) => {
      bundle = null;
      throw error;
    },
  );
  return bundle;
}

/** Shown while the first build after an install runs: it reloads itself until the page is there. */
const PREPARING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>ScholarGraph playground</title><link rel="icon" href="data:,"></head>
<body><p>The playground is being built from its npm packages (once after each install, a few
seconds); this page reloads itself until it is ready.</p></body></html>
`;

// A cached build is read in well under this; a build from scratch gets the page above instead.
const WAIT_FOR_BUNDLE_MS = 3000;

async function answerPage(request: FastifyRequest, reply: FastifyReply, store: Store): Promise<FastifyReply> {
  reply.header('cache-control', 'no-cache').header('vary', 'accept').type('text/html; charset=utf-8');
  let prepared = ready;
  if (!prepared) {
    const pending = bundleOnce(request.log);
    let timer: NodeJS.Timeout | undefined;
    try {
      prepared = await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(resolve, WAIT_FOR_BUNDLE_MS, null)))]);
    } catch (error) {
      request.log.error({ err: error }, 'the playground bundle could not be built');
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The playground could not be built from its npm packages; the server log says why. The API at /graphql works all the same.');
    } finally {
      clearTimeout(timer);
    }
    if (!prepared) return reply.send(PREPARING);
  }
  const tabs = await exampleTabs(store);
  return reply.send(
    renderPage({
      endpoint: ENDPOINT,
      assetsPath: ASSETS_PATH,
      script: prepared.script,
      stylesheet: prepared.stylesheet,
      workers: prepared.workers,
      tabs,
      defaultHeaders: DEFAULT_HEADERS,
    }),
  );
}

const TURNED_OFF = 'The playground is turned off on this server (PLAYGROUND=false).';
const HOW_TO_ASK =
  `send a POST to ${ENDPOINT} with content-type application/json and a body such as {"query": "{ papers(first: 1) { totalCount } }"}.`;

/**
 * Registers the playground's routes (or, when off, a 404 that says so at its path) and gives
 * the onRequest hooks for the /graphql route that answer browsers: the page, or when off a 406.
 */
export function playgroundRoutes(app: FastifyInstance, store: Store, enabled: boolean): onRequestHookHandler[] {
  if (!enabled) {
    app.get(`${PLAYGROUND_PATH}*`, async (_request, reply) =>
      reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `${TURNED_OFF} ${HOW_TO_ASK}` }),
    );
    return [
      async (request, reply) => {
        if (!wantsPage(request)) return;
        return reply
          .code(406)
          .header('vary', 'accept')
          .type('application/json; charset=utf-8')
          .send({ errors: [{ message: `${TURNED_OFF} ${ENDPOINT} answers GraphQL requests only: ${HOW_TO_ASK}`, extensions: { code: 'PLAYGROUND_DISABLED' } }] });
      },
    ];
  }

  app.get(PLAYGROUND_PATH, (request, reply) => answerPage(request, reply, store));

  app.get<{ Params: { name: string } }>(`${ASSETS_PATH}/:name`, async (request, reply) => {
    const asset = (await bundleOnce(request.log)).assets.get(request.params.name);
    if (!asset) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No playground file ${request.params.name}: reload the playground page.` });
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding')
      .type(asset.contentType);
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? asset.gzip : asset.body);
  });

  return [
    async (request, reply) => {
      if (wantsPage(request)) return answerPage(request, reply, store);
    },
  ];
}
