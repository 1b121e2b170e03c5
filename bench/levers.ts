// Levers switched from outside the code, to measure them side by side with the API as it is
// (`npm run bench -- --variant label:BENCH_LEVERS=a,b`): the bench preloads this file into an API
// process whose environment names levers, and it patches the libraries before the server loads.
// Nothing here is part of the server; a lever worth keeping is then written into src/.
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';

const levers = new Set((process.env.BENCH_LEVERS ?? '').split(/[\s,]+/).filter(Boolean));
const KNOWN = ['no-cache-control', 'no-document-cache', 'no-statement-tally', 'no-own-plugins', 'pragmas', 'jit', 'simple-resolvers'];
for (const lever of levers) {
  if (!KNOWN.includes(lever)) throw new Error(`BENCH_LEVERS: unknown lever "${lever}"; known: ${KNOWN.join(', ')}`);
}

/** Changes the options every ApolloServer is constructed with. */
function patchApolloOptions(change: (options: Record<string, any>) => Record<string, any>): void {
  // @apollo/server's index re-exports the class through a getter that reads this module's export.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(path.dirname(require.resolve('@apollo/server')), 'ApolloServer.js'));
  const Original = module.ApolloServer;
  module.ApolloServer = class extends Original {
    constructor(options: Record<string, any>) {
      super(change(options));
    }
  };
}

// Apollo's cache-control plugin, installed by default, wraps every resolver (willResolveField).
if (levers.has('no-cache-control')) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ApolloServerPluginCacheControlDisabled } = require('@apollo/server/plugin/disabled');
  patchApolloOptions((options) => ({ ...options, plugins: [...(options.plugins ?? []), ApolloServerPluginCacheControlDisabled()] }));
}

// Apollo keeps parsed and validated documents in an LRU (documentStore); null parses every request.
if (levers.has('no-document-cache')) patchApolloOptions((options) => ({ ...options, documentStore: null }));

// Every Apollo plugin of ours with a per-request hook (the query cost and rate limit, the
// telemetry and its log line, the response status, masking), leaving Apollo's own: with
// no-statement-tally and LOG_LEVEL=warn, what the stack costs before any of our per-request work.
// Not a server anyone should run (no limits): a ceiling for the levers of our own code.
if (levers.has('no-own-plugins')) {
  patchApolloOptions((options) => ({
    ...options,
    plugins: (options.plugins ?? []).filter((plugin: Record<string, unknown>) => '__internal_plugin_id__' in plugin || !('requestDidStart' in plugin)),
  }));
}

// The per-request statement tally (src/store/sqlite/statement-counter.ts) runs each request in an
// AsyncLocalStorage, which on Node 20 tracks every promise with async hooks.
if (levers.has('no-statement-tally')) {
  AsyncLocalStorage.prototype.run = function run<R>(_store: unknown, callback: (...args: any[]) => R, ...args: any[]): R {
    return callback(...args);
  };
  AsyncLocalStorage.prototype.getStore = () => undefined;
}

// TypeGraphQL's simpleResolvers on every field that has no resolver method of its own: graphql-js
// reads the property, with no TypeGraphQL wrapper (middlewares, auth checker) around it.
if (levers.has('simple-resolvers')) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MetadataStorage } = require(path.join(path.dirname(require.resolve('type-graphql')), 'metadata', 'metadata-storage.js'));
  const build = MetadataStorage.prototype.build;
  MetadataStorage.prototype.build = function (this: { objectTypes: { fields?: { simple?: boolean }[] }[] }, ...args: unknown[]) {
    const result = build.apply(this, args);
    for (const type of this.objectTypes) for (const field of type.fields ?? []) field.simple ??= true;
    return result;
  };
}

// SQLite pragmas beyond src/store/sqlite/client.ts's: BENCH_PRAGMAS="cache_size=-65536;mmap_size=268435456".
if (levers.has('pragmas')) {
  const pragmas = (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean);
  const resolved = require.resolve('better-sqlite3');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require(resolved);
  const Patched = function (this: unknown, ...args: unknown[]) {
    const db = new Database(...args);
    for (const pragma of pragmas) db.pragma(pragma);
    return db;
  } as unknown as typeof Database;
  Patched.prototype = Database.prototype;
  Object.assign(Patched, Database);
  require.cache[resolved]!.exports = Patched;
}

// graphql-jit as the executor: Apollo 5 has no executor option; a gateway's is the only way in.
if (levers.has('jit')) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileQuery, isCompiledQuery } = require('graphql-jit');
  const compiled = new Map<string, any>();
  patchApolloOptions(({ schema, ...options }) => ({
    ...options,
    gateway: {
      async load() {
        return {
          executor: async (request: any) => {
            const key = request.source;
            let query = compiled.get(key);
            if (!query) {
              query = compileQuery(schema, request.document, request.operationName ?? undefined);
              if (!isCompiledQuery(query)) return query;
              compiled.set(key, query);
            }
            return query.query(undefined, request.context, request.request.variables ?? {});
          },
        };
      },
      onSchemaLoadOrUpdate(callback: (update: { apiSchema: unknown; coreSupergraphSdl: string }) => void) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      async stop() {},
    },
  }));
}
