// The workloads: a GraphQL document (bench/workloads/*.graphql) and the variables its requests
// cycle through; the same request for the floor is POST /<floor path> with the variables.
import fs from 'node:fs';
import path from 'node:path';
import { toGlobalId } from '../src/graphql/ids';
import { type Params } from './params';

export interface HttpRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
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
