// What every fuzz file shares: one real server (rate limit off, so a long run is never a 429),
// requests that fail rather than hang, the checks an answer to a client's mistake must pass,
// the canary that proves the server still works, and a tally of the cases run.
import fc from 'fast-check';
import { startServer, type TestServer } from '../support/server';

/** A request that takes longer than this is a hang, and fails the case. */
const HANG_MS = 15_000;

/** FUZZ_SCALE=10 runs ten times the cases (and allows ten times the time), for a longer hunt. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1);

export function runs(n: number): number {
  return n * SCALE;
}

/** Jest's timeout for a property of `n` cases: generous, since the cores may be busy. */
export function timeoutFor(n: number): number {
  return Math.max(60_000, n * 300) * SCALE;
}

export function startFuzzServer(): Promise<TestServer> {
  return startServer({ seedDemoData: true, limits: { rateLimitPoints: null } });
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

export async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Posted as a current client does: accepting application/graphql-response+json, so that the
 *  status says what went wrong (plain application/json gets 200 for those: see conformance tests). */
export function postGraphQL(server: TestServer, request: GraphQLRequest): Promise<Answer> {
  return send(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(request),
  });
}

/** Makes fast-check print a case as `text` (a request to replay) rather than as its parts. */
export function described<T extends object>(value: T, text: () => string): T {
  return Object.assign(value, { [fc.toStringMethod]: text });
}

/** Makes fast-check print a request as the JSON body to send, ready for curl. */
export function printable<T extends object>(request: T): T {
  return described(request, () => JSON.stringify(request));
}

function summarize(answer: Answer): string {
  return `HTTP ${answer.status} ${answer.contentType}: ${answer.text.slice(0, 600)}`;
}

/** Fails the case, saying why and what the server answered. */
export function failWith(answer: Answer, why: string): never {
  throw new Error(`${why}\n${summarize(answer)}`);
}

export interface AnswerRules {
  /** The statuses allowed; never a 5xx whatever this says. */
  statuses: readonly number[];
  /** When given, the only extensions.code values allowed. */
  codes?: readonly string[];
  /** A batch (a JSON array in) may be answered with a JSON array of answers. */
  batch?: boolean;
}

/**
 * A GraphQL answer to a request that may be a client's mistake: an allowed status (never 5xx),
 * JSON with `data` and/or `errors`, and on every error an extensions.code that is not
 * INTERNAL_SERVER_ERROR. Returns the errors' codes.
 */
export function expectGraphQLAnswer(answer: Answer, rules: AnswerRules): string[] {
  const fail = (why: string) => failWith(answer, why);
  if (answer.status >= 500) fail('a 5xx answer to a client request');
  if (!rules.statuses.includes(answer.status)) fail(`status ${answer.status}, expected one of ${rules.statuses.join(', ')}`);
  if (!/^application\/(graphql-response\+)?json\b/.test(answer.contentType)) fail('the answer is not JSON');
  // A batch is answered with an array of answers, with the status of its worst one (Apollo: a
  // batch holding a request it refuses is a 400), each element in GraphQL's shape.
  const bodies = rules.batch && Array.isArray(answer.json) ? answer.json : [answer.json];
  const codes: string[] = [];
  for (const body of bodies) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('the body is not a JSON object');
    if (!('data' in body) && !('errors' in body)) fail('the body has neither `data` nor `errors`');
    if ('errors' in body && (!Array.isArray(body.errors) || body.errors.length === 0)) fail('`errors` is not a non-empty list');
    if (answer.status !== 200 && !Array.isArray(body.errors)) fail(`status ${answer.status} without errors`);
    for (const error of body.errors ?? []) {
      const code = error?.extensions?.code;
      if (typeof error?.message !== 'string') fail('an error without a message');
      if (typeof code !== 'string' || code === '') fail('an error without extensions.code');
      if (code === 'INTERNAL_SERVER_ERROR') fail('INTERNAL_SERVER_ERROR for a client request');
      if (rules.codes && !rules.codes.includes(code)) fail(`extensions.code ${code}, expected one of ${rules.codes.join(', ')}`);
      codes.push(code);
    }
  }
  return codes;
}

/** A write without a key must not run: no root field of a mutation answers an object. */
export function expectNothingWritten(answer: Answer): void {
  const data = answer.json?.data;
  if (data == null) return;
  for (const [field, value] of Object.entries(data)) {
    if (typeof value === 'object' && value !== null) {
      failWith(answer, `the mutation field ${field} answered without an API key`);
    }
  }
}

const CANARY = `{
  papers(first: 1) { totalCount }
  authors(first: 0) { totalCount }
  profile: authors(search: "Zongkai Liu") { nodes { name hIndex citationCount } }
}`;

/** The demo data as seeded: 6 papers, 23 authors, the profile's card (README). */
export const CANARY_ANSWER = {
  data: {
    papers: { totalCount: 6 },
    authors: { totalCount: 23 },
    profile: { nodes: [{ name: 'Zongkai Liu', hIndex: 4, citationCount: 229 }] },
  },
};

/** The server still answers, and answers the same: no case broke it or changed the data. */
export async function expectCanary(server: TestServer): Promise<void> {
  const answer = await postGraphQL(server, { query: CANARY });
  if (answer.status !== 200 || JSON.stringify(answer.json) !== JSON.stringify(CANARY_ANSWER)) {
    failWith(answer, 'the canary query no longer answers as it did');
  }
}

/** Counts the cases each property ran (shrinking included) and prints them once the file is done. */
export class Tally {
  private readonly runs = new Map<string, number>();
  private readonly started = Date.now();

  constructor(private readonly file: string) {}

  count(property: string): void {
    this.runs.set(property, (this.runs.get(property) ?? 0) + 1);
  }

  report(): void {
    const total = [...this.runs.values()].reduce((a, b) => a + b, 0);
    const lines = [...this.runs].map(([property, n]) => `  ${n} ${property}`);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    console.log(`fuzz ${this.file}: ${total} cases in ${seconds} s\n${lines.join('\n')}`);
  }
}
