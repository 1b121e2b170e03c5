#!/usr/bin/env node
// Automatic persisted queries (Apollo's APQ protocol): a query is sent as its SHA-256 hash in a
// short GET; the first time, the server answers PERSISTED_QUERY_NOT_FOUND and the client sends
// the text once with the hash (POST), which registers it; from then on the hash alone is enough.
// GETs by hash are short and cacheable by a CDN or a proxy. Plain Node 20, no dependencies.
//   node examples/persisted-query.mjs [CATEGORY] [CALLS]     (default cs.LG, 2 calls)
// SCHOLARGRAPH_URL is the server (default http://localhost:4000); SCHOLARGRAPH_KEY an API key
// (only when the server has READS_NEED_KEY=true). The server keeps registered queries in memory:
// after a restart the first call registers its query again.
import { createHash } from 'node:crypto';

const url = `${process.env.SCHOLARGRAPH_URL ?? 'http://localhost:4000'}/graphql`;
const key = process.env.SCHOLARGRAPH_KEY;
const category = process.argv[2] ?? 'cs.LG';
const calls = Number(process.argv[3] ?? 2);

const QUERY = `query TopPapers($categories: [String!]) {
  papers(first: 5, filter: { categories: $categories }, orderBy: { field: CITATION_COUNT, direction: DESC }) {
    totalCount
    nodes { title citationCount }
  }
}`;

const headers = {
  // Apollo's CSRF prevention: a GET must carry a header that a plain browser form cannot send.
  'apollo-require-preflight': 'true',
  ...(key ? { authorization: `Bearer ${key}` } : {}),
};

async function answer(response) {
  const body = await response.json();
  const codes = (body.errors ?? []).map((error) => error.extensions?.code);
  return { body, notFound: codes.includes('PERSISTED_QUERY_NOT_FOUND') };
}

/** Runs a query by hash, registering its text only when the server does not know it yet. */
async function persistedQuery(query, variables) {
  const hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
  const params = new URLSearchParams({ extensions: JSON.stringify(extensions), variables: JSON.stringify(variables) });
  const byHash = await answer(await fetch(`${url}?${params}`, { headers }));
  if (!byHash.notFound) return { ...byHash.body, sent: `GET by hash ${hash} (a URL of ${url.length + 1 + params.toString().length} bytes): served` };
  // Not registered yet: the text once, with its hash, registers it and answers it.
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, extensions }),
  });
  return { ...(await answer(response)).body, sent: `GET by hash ${hash}: PERSISTED_QUERY_NOT_FOUND; POST with the text: registered` };
}

for (let call = 1; call <= calls; call++) {
  const { data, errors, sent } = await persistedQuery(QUERY, { categories: [category] });
  console.error(`call ${call}: ${sent}`);
  if (errors) {
    for (const error of errors) console.error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
    process.exit(1);
  }
  if (call === calls) console.log(JSON.stringify(data));
}
