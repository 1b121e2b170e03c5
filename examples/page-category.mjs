#!/usr/bin/env node
// Every paper of a category, page by page with cursors: one JSON line per paper on standard
// output, a summary on standard error. Plain Node 20 (fetch), no dependencies.
//   node examples/page-category.mjs cs.LG > cs-lg.ndjson
// SCHOLARGRAPH_URL is the server (default http://localhost:4000); SCHOLARGRAPH_KEY an API key
// (only when the server has READS_NEED_KEY=true); PAGE_SIZE the papers per request (1 to 100).
const url = `${process.env.SCHOLARGRAPH_URL ?? 'http://localhost:4000'}/graphql`;
const key = process.env.SCHOLARGRAPH_KEY;
const pageSize = Number(process.env.PAGE_SIZE ?? 100);
const category = process.argv[2];
if (!category) {
  console.error('usage: node examples/page-category.mjs SUBJECT   (an arXiv code such as cs.LG, or an OpenAlex subject such as Geology)');
  process.exit(2);
}

// totalCount costs a count: asked for on the first page only (@include).
const QUERY = `query CategoryPage($categories: [String!], $first: Int, $after: String, $withCount: Boolean!) {
  papers(filter: { categories: $categories }, first: $first, after: $after) {
    totalCount @include(if: $withCount)
    pageInfo { hasNextPage endCursor }
    nodes { id externalId title publishedAt citationCount }
  }
}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function request(variables) {
  for (;;) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query: QUERY, operationName: 'CategoryPage', variables }),
    });
    // Over the rate limit: wait as long as the server says, then ask again.
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? 1);
      console.error(`rate limited: retrying in ${seconds} s`);
      await sleep(seconds * 1000);
      continue;
    }
    const body = await response.json();
    if (body.errors) {
      for (const error of body.errors) console.error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
      process.exit(1);
    }
    return body.data.papers;
  }
}

let after = null;
let totalCount = null;
let papers = 0;
let pages = 0;
do {
  const page = await request({ categories: [category], first: pageSize, after, withCount: pages === 0 });
  totalCount ??= page.totalCount;
  for (const paper of page.nodes) process.stdout.write(`${JSON.stringify(paper)}\n`);
  papers += page.nodes.length;
  pages += 1;
  after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
} while (after !== null);

console.error(`${category}: ${papers} papers in ${pages} pages (totalCount ${totalCount})`);
