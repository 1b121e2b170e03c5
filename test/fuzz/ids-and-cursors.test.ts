// Random cursors and ids: base64 of random text, tampered and truncated real cursors, cursors of
// other lists, ids of the other type or of no row, huge strings. A cursor is either honoured or
// refused with BAD_USER_INPUT on `after`; an id finds its object, or is NOT_FOUND (a well-formed
// id of nothing) or BAD_USER_INPUT (not an id at all); never a 500.
import fc from 'fast-check';
import { toGlobalId } from '../../src/graphql/ids';
import { type TestServer } from '../support/server';
import { type Answer, described, expectCanary, expectGraphQLAnswer, failWith, postGraphQL, runs, startFuzzServer, Tally, timeoutFor } from './support';

const tally = new Tally('ids and cursors');
const CURSOR_RUNS = runs(300);
const ID_RUNS = runs(400);

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** A huge string: a character or a piece of text repeated. */
const huge = fc.tuple(fc.constantFrom('A', '=', '🦄', 'W1si'), fc.integer({ min: 1_000, max: 100_000 })).map(([s, n]) => s.repeat(n));

interface CursorList {
  name: string;
  /** A document with `$after: String` whose data holds the connection at `path`. */
  query: string;
  path: string[];
}

function cursorLists(authorId: string, paperId: string): CursorList[] {
  const page = 'first: 3, after: $after';
  const edges = '{ edges { cursor } }';
  const lists: CursorList[] = [
    { name: 'papers', query: `papers(${page}) ${edges}`, path: ['papers'] },
    { name: 'papers(search:)', query: `papers(search: "learning", ${page}) ${edges}`, path: ['papers'] },
    { name: 'papers(search:, orderBy: TITLE)', query: `papers(search: "reasoning", orderBy: { field: TITLE }, ${page}) ${edges}`, path: ['papers'] },
    { name: 'authors', query: `authors(${page}) ${edges}`, path: ['authors'] },
    { name: 'authors(search:)', query: `authors(search: "l", ${page}) ${edges}`, path: ['authors'] },
    { name: 'Author.papers', query: `author(id: "${authorId}") { papers(${page}) ${edges} }`, path: ['author', 'papers'] },
    { name: 'Author.coauthors', query: `author(id: "${authorId}") { coauthors(${page}) ${edges} }`, path: ['author', 'coauthors'] },
    {
      name: 'Author.coauthors(orderBy: RECENCY)',
      query: `author(id: "${authorId}") { coauthors(orderBy: { field: RECENCY }, ${page}) ${edges} }`,
      path: ['author', 'coauthors'],
    },
    { name: 'Paper.authors', query: `paper(id: "${paperId}") { authors(${page}) ${edges} }`, path: ['paper', 'authors'] },
  ];
  for (const field of ['PUBLISHED_AT', 'CITATION_COUNT', 'SCORE', 'NOVELTY', 'TITLE']) {
    for (const direction of ['ASC', 'DESC']) {
      const orderBy = `orderBy: { field: ${field}, direction: ${direction} }`;
      lists.push({ name: `papers(${orderBy})`, query: `papers(${orderBy}, ${page}) ${edges}`, path: ['papers'] });
    }
  }
  for (const field of ['H_INDEX', 'CITATION_COUNT', 'PAPER_COUNT', 'NOVELTY', 'NAME']) {
    const orderBy = `orderBy: { field: ${field}, direction: ASC }`;
    lists.push({ name: `authors(${orderBy})`, query: `authors(${orderBy}, ${page}) ${edges}`, path: ['authors'] });
  }
  return lists.map((list) => ({ ...list, query: `query ($after: String) { ${list.query} }` }));
}

const at = (data: any, path: string[]) => path.reduce((value, key) => value?.[key], data);

/** The cursors of every page of `list`, following endCursor. */
async function cursorsOf(server: TestServer, list: CursorList): Promise<string[]> {
  const cursors: string[] = [];
  let after: string | null = null;
  do {
    const { body } = await server.graphql(list.query, { after });
    expect(body.errors).toBeUndefined();
    const page: string[] = at(body.data, list.path).edges.map((edge: { cursor: string }) => edge.cursor);
    cursors.push(...page);
    after = page.length === 3 ? page[2] : null;
  } while (after !== null);
  return cursors;
}

type IdKind = { kind: 'ours'; type: 'Author' | 'Paper'; exists: boolean } | { kind: 'odd' } | { kind: 'malformed' } | { kind: 'uncoercible' };

interface Rows {
  Author: Set<number>;
  Paper: Set<number>;
}

/** What an id variable is, found independently of the server's own decoding. */
function classify(value: unknown, rows: Rows): IdKind {
  // graphql-js takes an integer for an ID, as its decimal text.
  if (typeof value === 'number' && Number.isInteger(value)) return classify(String(value), rows);
  if (typeof value !== 'string') return { kind: 'uncoercible' };
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return { kind: 'malformed' };
  const decoded = Buffer.from(value, 'base64url').toString();
  const ours = /^(Author|Paper):([1-9][0-9]*)$/.exec(decoded);
  if (ours && Number.isSafeInteger(Number(ours[2])) && toGlobalId(ours[1] as 'Author', Number(ours[2])) === value) {
    const type = ours[1] as 'Author' | 'Paper';
    return { kind: 'ours', type, exists: rows[type].has(Number(ours[2])) };
  }
  // Another type name, a non-canonical encoding, a row id past 2^53: the server may refuse it as
  // not an id or as an id of nothing.
  if (/^[A-Z][A-Za-z]*:[0-9]+$/.test(decoded)) return { kind: 'odd' };
  return { kind: 'malformed' };
}

type Outcome = 'found' | 'empty' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'coercion';

interface IdTarget {
  name: string;
  query: string;
  /** What the answer may be for an id of each kind. */
  expected(id: IdKind): Outcome[];
  /** Where the BAD_USER_INPUT says the mistake is. */
  argumentName?: string;
  /** The answer holds the id of what was found. */
  returnsId?: boolean;
}

function idTargets(authorId: string): IdTarget[] {
  // An argument that takes ids of `type`: what it answers for an id that finds a row, and for a
  // well-formed id of that type that finds none.
  const typed =
    (type: 'Author' | 'Paper', { found = ['found'], missing = ['NOT_FOUND'] }: { found?: Outcome[]; missing?: Outcome[] } = {}) =>
    (id: IdKind): Outcome[] => {
      if (id.kind === 'uncoercible') return ['coercion'];
      if (id.kind === 'malformed') return ['BAD_USER_INPUT'];
      if (id.kind === 'odd') return ['BAD_USER_INPUT', 'NOT_FOUND', ...found, ...missing];
      if (id.type !== type) return ['NOT_FOUND'];
      return id.exists ? found : missing;
    };
  const anyType = (id: IdKind): Outcome[] => {
    if (id.kind === 'uncoercible') return ['coercion'];
    if (id.kind === 'ours' && id.exists) return ['found'];
    if (id.kind === 'ours') return ['NOT_FOUND'];
    return ['NOT_FOUND', 'BAD_USER_INPUT', ...(id.kind === 'odd' ? (['found'] as const) : [])];
  };
  return [
    { name: 'author(id:)', query: 'query ($id: ID!) { author(id: $id) { id } }', expected: typed('Author'), argumentName: 'id', returnsId: true },
    { name: 'paper(id:)', query: 'query ($id: ID!) { paper(id: $id) { id } }', expected: typed('Paper'), argumentName: 'id', returnsId: true },
    { name: 'node(id:)', query: 'query ($id: ID!) { node(id: $id) { id } }', expected: anyType, returnsId: true },
    { name: 'nodes(ids:)', query: 'query ($id: ID!) { nodes(ids: [$id]) { id } }', expected: anyType, returnsId: true },
    {
      name: 'papers(filter: { authorId })',
      query: 'query ($id: ID!) { papers(filter: { authorId: $id }) { totalCount nodes { id } } }',
      // An author id of no row: no papers (or NOT_FOUND).
      expected: typed('Author', { missing: ['empty', 'NOT_FOUND'] }),
      argumentName: 'filter.authorId',
    },
    {
      name: 'collaborationPath(from:)',
      query: `query ($id: ID!) { collaborationPath(from: $id, to: "${authorId}") { length } }`,
      // null: no chain that short.
      expected: typed('Author', { found: ['found', 'empty'] }),
      argumentName: 'from',
    },
    {
      name: 'collaborationPath(to:)',
      query: `query ($id: ID!) { collaborationPath(from: "${authorId}", to: $id, maxLength: 6) { length } }`,
      expected: typed('Author', { found: ['found', 'empty'] }),
      argumentName: 'to',
    },
    {
      name: 'deletePaper(id:) without a key',
      query: 'mutation ($id: ID!) { deletePaper(id: $id) { deletedPaperId } }',
      expected: (id) => (id.kind === 'uncoercible' ? ['coercion'] : ['UNAUTHENTICATED']),
    },
  ];
}

/** What the server did with the id: found something, answered an empty list, or refused it. */
function outcomeOf(answer: Answer, codes: string[]): Outcome {
  if (answer.status === 400 && codes.every((code) => code === 'BAD_USER_INPUT')) return 'coercion';
  const distinct = [...new Set(codes)];
  if (distinct.length > 1) failWith(answer, `one id refused with several codes: ${distinct.join(', ')}`);
  if (distinct.length === 1) return distinct[0] as Outcome;
  const data = answer.json.data;
  const found = Object.values(data)[0] as any;
  if (Array.isArray(found)) return found.every((node) => node !== null) ? 'found' : failWith(answer, 'a null node without an error');
  if (found && 'totalCount' in found) return found.totalCount > 0 ? 'found' : 'empty';
  return found === null ? 'empty' : 'found';
}

describe('random cursors and ids', () => {
  let server: TestServer;
  let lists: CursorList[];
  /** Every real cursor, with the list it came from. */
  let cursors: { list: string; cursor: string }[];
  let rows: Rows;
  let realIds: string[];
  let authorId: string;

  beforeAll(async () => {
    server = await startFuzzServer();
    const ids = (table: string) => (server.db.sqlite.prepare(`SELECT id FROM ${table}`).pluck().all() as number[]).sort((a, b) => a - b);
    rows = { Author: new Set(ids('authors')), Paper: new Set(ids('papers')) };
    realIds = [...[...rows.Author].map((id) => toGlobalId('Author', id)), ...[...rows.Paper].map((id) => toGlobalId('Paper', id))];
    const profile = server.db.sqlite.prepare("SELECT id FROM authors WHERE name = 'Zongkai Liu'").pluck().get() as number;
    authorId = toGlobalId('Author', profile);
    lists = cursorLists(authorId, toGlobalId('Paper', Math.min(...rows.Paper)));
    cursors = [];
    for (const list of lists) for (const cursor of await cursorsOf(server, list)) cursors.push({ list: list.name, cursor });
  });
  afterAll(async () => {
    tally.report();
    await server.close();
  });

  it('honour a cursor of the same list, refuse any other with BAD_USER_INPUT on `after`, never a 500', async () => {
    const real = fc.constantFrom(...cursors);
    const tags = [...new Set(cursors.map(({ cursor }) => JSON.parse(Buffer.from(cursor, 'base64url').toString())[0] as string))];
    const keyValue = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constantFrom('2025-03-10', 1e308, -0, ''), fc.jsonValue());
    const cursor = fc.oneof(
      { arbitrary: real.map(({ cursor }) => cursor), weight: 3 },
      // Real cursors cut short, or with one character changed.
      fc.tuple(real, fc.nat(), fc.constantFrom('A', '_', '-', '=', '0', ' ')).chain(([{ cursor: c }, i, ch]) =>
        fc.constantFrom(c.slice(0, i % c.length), c.slice(0, i % c.length) + ch + c.slice((i % c.length) + 1)),
      ),
      // Well-formed cursors with a real tag and random keys.
      fc.tuple(fc.constantFrom(...tags), fc.array(keyValue, { maxLength: 3 })).map(([tag, key]) => b64url(JSON.stringify([tag, ...key]))),
      fc.jsonValue().map((v) => b64url(JSON.stringify(v) ?? '')),
      fc.string({ unit: 'binary' }).map((s) => Buffer.from(s).toString('base64')),
      fc.string({ unit: 'binary' }),
      huge,
    );
    const cases = fc
      .record({ list: fc.constantFrom(...lists), after: cursor })
      .map((c) => described(c, () => JSON.stringify({ query: c.list.query, variables: { after: c.after } })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ list, after }) => {
        tally.count('cursors');
        const answer = await postGraphQL(server, { query: list.query, variables: { after } });
        expectGraphQLAnswer(answer, { statuses: [200], codes: ['BAD_USER_INPUT'] });
        for (const error of answer.json.errors ?? []) {
          if (error.extensions.argumentName !== 'after') failWith(answer, 'a BAD_USER_INPUT that does not name `after`');
        }
        if (cursors.some((c) => c.list === list.name && c.cursor === after) && answer.json.errors) {
          failWith(answer, `a cursor of ${list.name} refused by the same list`);
        }
        await expectCanary(server);
      }),
      { numRuns: CURSOR_RUNS },
    );
  }, timeoutFor(CURSOR_RUNS));

  // Known failing (the lead's to fix in src/): an empty authorId is taken as no filter at all,
  // where author(id:), paper(id:) and collaborationPath refuse "" (BAD_USER_INPUT): POST /graphql
  // {"query":"query ($id: ID!) { papers(filter: { authorId: $id }) { totalCount } }","variables":{"id":""}}
  // answers all 6 papers and no error. Pinned as the first example.
  it('answer every id with its object, NOT_FOUND or BAD_USER_INPUT as its kind says, never a 500', async () => {
    const ids: fc.Arbitrary<unknown> = fc.oneof(
      { arbitrary: fc.constantFrom(...realIds), weight: 3 },
      fc.tuple(fc.constantFrom('Author', 'Paper', 'Node', 'Foo', 'author', ''), fc.oneof(fc.integer({ min: -2, max: 100 }), fc.constantFrom(2 ** 53 + 1, 1e16, 1e21)))
        .map(([type, n]) => b64url(`${type}:${n}`)),
      fc.tuple(fc.constantFrom(...realIds), fc.nat()).map(([id, i]) => id.slice(0, i % id.length)),
      fc.constantFrom(...realIds).map((id) => Buffer.from(Buffer.from(id, 'base64url').toString()).toString('base64')),
      fc.string().map(b64url),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '12', '0', 'null', `${realIds[0]} `, `${realIds[0]}\n`),
      fc.integer({ min: -5, max: 50 }),
      // Not an ID at all. (Objects with a "__proto__" key are refused before GraphQL: bodies.test.ts.)
      fc.oneof(fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.constantFrom(...realIds), { maxLength: 2 }), fc.dictionary(fc.constantFrom('id', 'type'), fc.jsonValue())),
      huge,
    );
    const targets = idTargets(authorId);
    const idCase = (c: { target: IdTarget; id: unknown }) => described(c, () => JSON.stringify({ query: c.target.query, variables: { id: c.id } }));
    const cases = fc.record({ target: fc.constantFrom(...targets), id: ids }).map(idCase);
    await fc.assert(
      fc.asyncProperty(cases, async ({ target, id }) => {
        tally.count('ids');
        const answer = await postGraphQL(server, { query: target.query, variables: { id } });
        const codes = expectGraphQLAnswer(answer, { statuses: [200, 400, 401], codes: ['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED'] });
        const kind = classify(id, rows);
        const outcome = outcomeOf(answer, codes);
        const expected = target.expected(kind);
        if (!expected.includes(outcome)) {
          failWith(answer, `${target.name} answered a ${JSON.stringify(kind)} id with ${outcome}, expected ${expected.join(' or ')}`);
        }
        if (outcome === 'BAD_USER_INPUT' && target.argumentName && answer.json.errors[0].extensions.argumentName !== target.argumentName) {
          failWith(answer, `a BAD_USER_INPUT that does not name \`${target.argumentName}\``);
        }
        if (outcome === 'found' && kind.kind === 'ours' && target.returnsId && !answer.text.includes(`"id":"${String(id)}"`)) {
          failWith(answer, 'found another object than the one asked for');
        }
        await expectCanary(server);
      }),
      { numRuns: ID_RUNS, examples: [[idCase({ target: targets.find((t) => t.name === 'papers(filter: { authorId })')!, id: '' })]] },
    );
  }, timeoutFor(ID_RUNS));
});
