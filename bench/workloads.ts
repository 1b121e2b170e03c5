// The workloads: a GraphQL document (bench/workloads/*.graphql) and the variables its requests
// cycle through; the same request for the floor is POST /<floor path> with the variables.
import fs from 'node:fs';
import path from 'node:path';
import { toGlobalId } from '../src/graphql/ids';
import { type Params } from './params';

export interface HttpRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  /** '' for a GET. */
  body: string;
}

export interface Workload {
  name: string;
  description: string;
  /** The i-th request of the sequence, to the API and to the floor; the sequence repeats. */
  api(i: number): HttpRequest;
  floor(i: number): HttpRequest;
  /** How many distinct requests the sequence has before it repeats. */
  distinct: number;
  writes: boolean;
  /**
   * A conditional GET's workload: `api(i)` sends If-None-Match with the ETag the API gave
   * `unconditional(i)`, as a front end reloading the page does, and is answered 304 with nothing
   * run. `prepare` asks the API for those ETags (once no write will follow: a write moves them).
   */
  conditional?: { unconditional(i: number): HttpRequest; prepare(apiUrl: string): Promise<void> };
}

const document = (name: string): string => fs.readFileSync(path.join(__dirname, 'workloads', `${name}.graphql`), 'utf8');

const JSON_HEADERS = { 'content-type': 'application/json' };

interface Request {
  document: string;
  floorPath: string;
  variables: Record<string, unknown>;
  key?: string;
}

function toApi({ document, variables, key }: Request): HttpRequest {
  const headers = key ? { ...JSON_HEADERS, authorization: `Bearer ${key}` } : JSON_HEADERS;
  return { method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query: document, variables }) };
}

function toFloor({ floorPath, variables, key }: Request): HttpRequest {
  const headers = key ? { ...JSON_HEADERS, authorization: `Bearer ${key}` } : JSON_HEADERS;
  return { method: 'POST', path: floorPath, headers, body: JSON.stringify(variables) };
}

/** A workload of `requests` built once: the load generator only picks them. */
function fixed(name: string, description: string, requests: Request[], writes = false): Workload {
  const api = requests.map(toApi);
  const floor = requests.map(toFloor);
  return {
    name,
    description,
    api: (i) => api[i % api.length],
    floor: (i) => floor[i % floor.length],
    distinct: requests.length,
    writes,
  };
}

/** A GET of the document with its variables in the query string, as urql and graphql-request send one. */
function toGet({ document, variables }: Request, headers: Record<string, string> = {}): HttpRequest {
  const query = new URLSearchParams({ query: document, variables: JSON.stringify(variables) });
  return { method: 'GET', path: `/graphql?${query}`, headers: { accept: 'application/graphql-response+json', ...headers }, body: '' };
}

/**
 * The profile page reloaded: the first GET of each profile gives its ETag, then every request
 * sends it back (If-None-Match) and is answered 304. The floor answers its full page.
 */
function reloaded(name: string, description: string, requests: Request[]): Workload {
  const unconditional = requests.map((request) => toGet(request));
  let conditional: HttpRequest[] = [];
  const floor = requests.map(toFloor);
  return {
    name,
    description,
    api: (i) => conditional[i % conditional.length],
    floor: (i) => floor[i % floor.length],
    distinct: requests.length,
    writes: false,
    conditional: {
      unconditional: (i) => unconditional[i % unconditional.length],
      // Kept only when every ETag came: a variant without ETags (a baseline before them) fails its check, not the API's requests.
      async prepare(apiUrl) {
        const prepared: HttpRequest[] = [];
        for (const [i, request] of unconditional.entries()) {
          const answer = await fetch(`${apiUrl}${request.path}`, { headers: request.headers });
          const etag = answer.headers.get('etag');
          await answer.text();
          if (answer.status !== 200 || !etag) throw new Error(`${name}: the API answered GET ${i} with ${answer.status} and ${etag ? `ETag ${etag}` : 'no ETag'}`);
          prepared.push(toGet(requests[i], { 'if-none-match': etag }));
        }
        conditional = prepared;
      },
    },
  };
}

/** One write every WRITE_EVERY requests: upserts at 5 % of the reads (1 in 20 requests). */
export const WRITE_EVERY = 20;
const UPSERT_KEYS = 200;

export function createWorkloads(params: Params, writerKey: string): Workload[] {
  // The README's profile query itself (examples/queries, which test/examples keeps equal to the README).
  const profile = fs.readFileSync(path.join(__dirname, '..', 'examples', 'queries', 'author-profile.graphql'), 'utf8');
  const profiles: Request[] = params.authorIds.map((id) => ({ document: profile, floorPath: '/profile', variables: { id: toGlobalId('Author', id) } }));
  const search = document('search');
  const leaderboard = document('leaderboard');
  const deep = document('deep');
  const node = document('node');
  const upsert = document('upsert');
  const empty = document('empty');
  const orders = ['H_INDEX', 'CITATION_COUNT', 'PAPER_COUNT'];

  // Upserts of a bounded set of external ids, so that the cached corpus stops growing after the
  // first run; the citation count and the authors change from one write to the next.
  const upserts: Request[] = Array.from({ length: UPSERT_KEYS }, (_, k) => ({
    document: upsert,
    floorPath: '/upsert',
    key: writerKey,
    variables: {
      input: {
        externalId: `bench-upsert-${k}`,
        title: `Benchmark upsert ${k}: Efficient Transformers for Code Generation`,
        abstract: 'Written by the benchmark (bench/run.ts) to measure writes among reads.',
        category: 'cs.LG',
        publishedAt: '2024-05-01',
        citationCount: (k * 7) % 50,
        authors: [0, 1, 2].map((j) => ({ id: toGlobalId('Author', params.authorIds[(k * 3 + j) % params.authorIds.length]) })),
      },
    },
  }));
  const mixApi = profiles.map(toApi);
  const mixFloor = profiles.map(toFloor);
  const writeApi = upserts.map(toApi);
  const writeFloor = upserts.map(toFloor);
  const isWrite = (i: number) => i % WRITE_EVERY === WRITE_EVERY - 1;
  const writeIndex = (i: number) => Math.floor(i / WRITE_EVERY) % UPSERT_KEYS;

  return [
    fixed('profile', 'author card + 20 papers with their first 3 authors', profiles),
    reloaded('profile-304', 'the profile page reloaded: a GET with the ETag of its last answer (If-None-Match), answered 304; the floor answers the full page', profiles),
    fixed(
      'search',
      'paper search + category and date filters + 20 results with highlights',
      params.searches.map((variables) => ({ document: search, floorPath: '/search', variables: { ...variables } })),
    ),
    fixed(
      'leaderboard',
      'top 50 authors of a category by h-index',
      params.categories.map((category) => ({ document: leaderboard, floorPath: '/leaderboard', variables: { category } })),
    ),
    fixed(
      'deep',
      '50 authors x 10 papers x 3 authors + 5 co-authors each',
      params.categories.flatMap((category) => orders.map((order) => ({ document: deep, floorPath: '/deep', variables: { category, order } }))),
    ),
    fixed('node', 'node(id:) lookup, papers and authors alternating', params.nodeIds.map((id) => ({ document: node, floorPath: '/node', variables: { id } }))),
    fixed('empty', '{ __typename }: no data, no SQL; the cost of a request itself', [{ document: empty, floorPath: '/empty', variables: {} }]),
    {
      name: 'write-mix',
      description: `profile reads with an upsertPaper (writer key) every ${WRITE_EVERY}th request`,
      api: (i) => (isWrite(i) ? writeApi[writeIndex(i)] : mixApi[i % mixApi.length]),
      floor: (i) => (isWrite(i) ? writeFloor[writeIndex(i)] : mixFloor[i % mixFloor.length]),
      distinct: WRITE_EVERY * UPSERT_KEYS,
      writes: true,
    },
  ];
}
