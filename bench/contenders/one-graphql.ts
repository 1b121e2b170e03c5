// PostGraphile 4 needs graphql 15; the project is on 16. npm keeps our 16 at the top of
// node_modules and nests 15 twice (under postgraphile and under graphile-build-pg, each with its
// own graphile-build), while graphql-parse-resolve-info, which accepts either, is hoisted beside
// our 16: PostGraphile's schema is then built from one graphql and its resolvers parse with
// another, and every argument fails ("Unexpected input type: Int"). This process runs PostGraphile
// alone (nothing of ours is loaded in it), so here every `graphql` and `graphile-build` resolves
// to the copy nested under postgraphile. Imported first by ./postgraphile-server.ts.
import Module from 'node:module';
import path from 'node:path';

const postgraphileDir = path.dirname(require.resolve('postgraphile/package.json'));
const shared = /^(graphql|graphile-build)(\/.*)?$/;

type Resolve = (request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }) => string;
const modules = Module as unknown as { _resolveFilename: Resolve };
const resolve = modules._resolveFilename;
modules._resolveFilename = function (request, parent, isMain, options) {
  // A lookup with its own paths is ours (below) or already directed: left as asked.
  if (shared.test(request) && !options?.paths) return resolve.call(this, request, parent, isMain, { paths: [postgraphileDir] });
  return resolve.call(this, request, parent, isMain, options);
};
