// Every string a write takes, fuzzed with control characters (NUL first of all: SQLite's length()
// stops at it) and malformed author entries: each is answered with BAD_USER_INPUT naming the
// argument's path, or written whole; never a 500, and nothing half-written.
import fc from 'fast-check';
import { createKey } from '../../src/auth/keys';

import { startServer, type TestServer } from '../support/server';
import { runs } from './support';

const CREATE = `mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id title abstract externalId authors { nodes { name } } } } }`;
const UPSERT = `mutation ($input: PaperInput!) { upsertPaper(input: $input) { paper { id } } }`;
const UPDATE = `mutation ($id: ID!, $changes: PaperChangesInput!, $authors: [AuthorRefInput!]) { updatePaper(id: $id, changes: $changes, authors: $authors) { paper { id } } }`;
const CREATE_AUTHOR = `mutation ($name: String!, $externalId: String) { createAuthor(name: $name, externalId: $externalId) { author { id name } } }`;

describe('write arguments with control characters and malformed author entries', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  let paperId: string;
  beforeAll(async () => {
    server = await startServer();
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'fuzz writer', role: 'writer' })).key}` };
    paperId = (await server.graphql('{ papers(first: 1) { nodes { id } } }')).body.data.papers.nodes[0].id;
  });
  afterAll(() => server.close());

  // Read from the served database (on PostgreSQL, server.db is the copy as filled, before these writes).
  const count = async () => (await server.sql<{ papers: number; authors: number }>('SELECT (SELECT count(*) FROM papers) AS papers, (SELECT count(*) FROM authors) AS authors'))[0];
  const paper = (extra: Record<string, unknown> = {}) => ({ title: 'A title', category: 'cs.LG', publishedAt: '2024-01-01', authors: [{ name: 'An Author' }], ...extra });

  async function refused(query: string, variables: Record<string, unknown>, field: string) {
    const before = await count();
    const { status, body } = await server.graphql(query, variables, writer);
    expect(status).toBe(200);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await count()).toEqual(before);
  }

  it.each([
    ['an empty author entry', { authors: [{}] }, 'input.authors.0'],
    ['an author entry of two nulls', { authors: [{ id: null, name: null }] }, 'input.authors.0'],
    ['an empty entry after a good one', { authors: [{ name: 'An Author' }, {}] }, 'input.authors.1'],
  ])('refuses %s in createPaper and upsertPaper with its path', async (_, extra, field) => {
    await refused(CREATE, { input: paper(extra) }, field);
    await refused(UPSERT, { input: paper({ ...extra, externalId: 'fuzz-1' }) }, field);
  });

  it('refuses an empty author entry in updatePaper with its path', async () => {
    await refused(UPDATE, { id: paperId, changes: {}, authors: [{}] }, 'authors.0');
  });

  it.each([
    ['a title that starts with NUL', { title: '\u0000A title' }, 'input.title'],
    ['an externalId that is NUL', { externalId: '\u0000' }, 'input.externalId'],
    ['an author name that starts with NUL', { authors: [{ name: '\u0000An Author' }] }, 'input.authors.0.name'],
    ['an abstract with a NUL', { abstract: 'Fine.\u0000' }, 'input.abstract'],
    ['a title with a bell', { title: 'A \u0007title' }, 'input.title'],
    ['a one-letter category (the table wants 2 to 40 characters)', { category: 'a' }, 'input.category'],
    ['a category of 41 characters', { category: `cs.${'a'.repeat(38)}` }, 'input.category'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_, extra, field) => {
    await refused(CREATE, { input: paper(extra) }, field);
  });

  it('refuses a NUL in updatePaper and createAuthor', async () => {
    await refused(UPDATE, { id: paperId, changes: { title: '\u0000' } }, 'changes.title');
    await refused(CREATE_AUTHOR, { name: '\u0000Someone' }, 'input.name');
    await refused(CREATE_AUTHOR, { name: 'Someone', externalId: 'orcid\u0000' }, 'input.externalId');
  });

  it('keeps the tabs and line breaks of an abstract', async () => {
    const { body } = await server.graphql(CREATE, { input: paper({ title: 'Lines', abstract: 'One.\n\tTwo.\r\nThree.' }) }, writer);
    expect(body.errors).toBeUndefined();
    expect(body.data.createPaper.paper.abstract).toBe('One.\n\tTwo.\r\nThree.');
  });

  it('answers any string in any text argument with a written paper or BAD_USER_INPUT, never an unexpected error', async () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\t', '\n', ' ', 'a', 'é', '\ud83d\ude00'), fc.integer({ min: 0, max: 0x2ff }).map((c) => String.fromCharCode(c))), maxLength: 12 });
    const field = fc.constantFrom('title', 'abstract', 'externalId', 'authorName', 'category');
    await fc.assert(
      fc.asyncProperty(field, anyText, async (which, text) => {
        const input = which === 'authorName' ? paper({ authors: [{ name: text }] }) : paper({ [which]: text });
        const before = await count();
        const { status, body } = await server.graphql(CREATE, { input }, writer);
        expect(status).toBe(200);
        if (body.errors) {
          expect(body.errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
          expect(await count()).toEqual(before);
        } else {
          const written = body.data.createPaper.paper;
          expect(written.id).toBeTruthy();
          // What was written reads back as sent, trimmed where a one-line text is.
          if (which === 'title') expect(written.title).toBe(text.trim());
          if (which === 'authorName') expect(written.authors.nodes).toEqual([{ name: text.trim() }]);
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
