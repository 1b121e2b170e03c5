// Writes that can be replayed: a script sends the same record again and again, authors by name,
// and only what differs is written; no write leaves behind an author nobody asked to keep.
import { createKey } from '../../src/auth/keys';

import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

const UPSERT = `mutation ($input: PaperInput!) { upsertPaper(input: $input) {
  created paper { id citationCount authors { nodes { id name metrics { asOf citationCount } } } } } }`;

const TABLES = ['papers', 'authorships', 'authors', 'author_metrics'];

/**
 * Every row a write inserts, updates or deletes in those tables, as "table OP", journaled by
 * triggers in the served database: on SQLite temporary ones on the server's own connection, on
 * PostgreSQL (a pool of connections) ordinary ones in the test's throwaway database.
 */
async function recordWrites(server: TestServer): Promise<{ take(): Promise<string[]> }> {
  if (server.engine === 'sqlite') {
    await server.sql('CREATE TEMP TABLE row_writes (seq INTEGER PRIMARY KEY, what TEXT NOT NULL)');
    for (const table of TABLES) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        await server.sql(`CREATE TEMP TRIGGER row_writes_${table}_${op} AFTER ${op} ON main.${table} BEGIN INSERT INTO row_writes (what) VALUES ('${table} ${op}'); END`);
      }
    }
  } else {
    await server.sql('CREATE TABLE row_writes (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, what text NOT NULL)');
    await server.sql(
      `CREATE FUNCTION row_write() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO row_writes (what) VALUES (TG_TABLE_NAME || ' ' || TG_OP); RETURN NULL; END $$`,
    );
    for (const table of TABLES) {
      await server.sql(`CREATE TRIGGER row_writes_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION row_write()`);
    }
  }
  return {
    async take() {
      const rows = await server.sql<{ what: string }>('SELECT what FROM row_writes ORDER BY seq');
      await server.sql('DELETE FROM row_writes');
      return rows.map((r) => r.what).sort();
    },
  };
}

describe('replayed writes', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  let writes: { take(): Promise<string[]> };
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false });
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'ingest', role: 'writer' })).key}` };
    writes = await recordWrites(server);
  });
  afterAll(() => server.close());

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const { body } = await server.graphql(query, variables, writer);
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const upsert = async (input: Row) => (await gql(UPSERT, { input })).upsertPaper;
  /** The statements the server ran for one request (nothing else runs meanwhile). */
  async function statementsOf<T>(request: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const before = await server.statementsRun();
    const result = await request();
    return { result, statements: (await server.statementsRun()) - before };
  }
  // Read from the served database (on PostgreSQL, server.db is the copy as filled, before these writes).
  const authorIdsNamed = async (name: string) => (await server.sql<{ id: number }>('SELECT id FROM authors WHERE name = ? ORDER BY id', name)).map((a) => a.id);
  const exists = async (id: string) => (await server.graphql('query ($id: ID!) { author(id: $id) { id } }', { id })).body.data?.author != null;
  const record = (externalId: string, extra: Row = {}) => ({
    externalId,
    title: 'Replaying ingest scripts',
    abstract: 'The same record, again and again.',
    category: 'cs.DB',
    publishedAt: '2024-03-01',
    citationCount: 12,
    codeUrl: 'https://example.org/replay',
    authors: [{ name: 'Ada Replay' }, { name: 'Bo Réplay' }],
    ...extra,
  });

  it('gives one paper and its authors once for the same upsertPaper sent ten times, writing nothing after the first', async () => {
    const first = await upsert(record('replay-ten'));
    expect(first.created).toBe(true);
    await writes.take();
    for (let i = 0; i < 9; i += 1) {
      const again = await upsert(record('replay-ten'));
      expect(again).toEqual({ ...first, created: false });
      expect(await writes.take()).toEqual([]);
    }
    expect(first.paper.authors.nodes.map((a: Row) => a.name)).toEqual(['Ada Replay', 'Bo Réplay']);
    expect([await authorIdsNamed('Ada Replay'), await authorIdsNamed('Bo Réplay')].map((ids) => ids.length)).toEqual([1, 1]);
    const listed = await gql('{ authors(search: "replay") { totalCount } papers(first: 5) { totalCount } }');
    expect(listed).toEqual({ authors: { totalCount: 2 }, papers: { totalCount: 1 } });
    for (const author of first.paper.authors.nodes) expect(author.metrics.asOf).not.toBeNull();
  });

  it('finds the stored author by a name written differently (authorKey) at the same position', async () => {
    const first = await upsert(record('replay-spelling'));
    const respelled = await upsert(record('replay-spelling', { authors: [{ name: 'ada  replay' }, { name: 'Bo Replay' }] }));
    expect(respelled.paper.authors.nodes.map((a: Row) => a.id)).toEqual(first.paper.authors.nodes.map((a: Row) => a.id));
    // At another position the same name is another author: a new one, and the first goes.
    const swapped = await upsert(record('replay-spelling', { authors: [{ name: 'Bo Réplay' }, { name: 'Ada Replay' }] }));
    const [ada, bo] = first.paper.authors.nodes.map((a: Row) => a.id);
    expect(swapped.paper.authors.nodes.map((a: Row) => a.id)).not.toContain(ada);
    expect(await exists(ada)).toBe(false);
    expect(await exists(bo)).toBe(false);
  });

  it('costs the same few statements to replay a record of 2 or of 40 authors', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `Many Author ${i}` }));
    const replay = (input: Row) => gql('mutation ($input: PaperInput!) { upsertPaper(input: $input) { created paper { id } } }', { input });
    await replay(record('replay-2'));
    await replay(record('replay-40', { authors: many }));
    await writes.take();
    const two = await statementsOf(() => replay(record('replay-2')));
    const forty = await statementsOf(() => replay(record('replay-40', { authors: many })));
    expect(await writes.take()).toEqual([]);
    expect(forty.statements).toBe(two.statements);
    // The key, BEGIN, the stored paper, its author list, the novelty rules when the record leaves
    // out a computed novelty, COMMIT, and the paper of the answer.
    expect(two.statements).toBeLessThanOrEqual(7);
  });

  describe('an upsert changing one field moves only what depends on it', () => {
    // A supplied novelty: a new title or abstract rescores nothing.
    const supplied = (extra: Row = {}) => record('replay-one-field', { novelty: 0.4, ...extra });
    beforeAll(async () => {
      await upsert(supplied());
      await writes.take();
    });

    it.each([
      ['nothing', {}, []],
      ['the citation count', { citationCount: 13 }, ['author_metrics UPDATE', 'author_metrics UPDATE', 'papers UPDATE']],
      ['the novelty', { citationCount: 13, novelty: 0.5 }, ['author_metrics UPDATE', 'author_metrics UPDATE', 'papers UPDATE']],
      ['the code URL', { citationCount: 13, novelty: 0.5, codeUrl: 'https://example.org/moved' }, ['papers UPDATE']],
      ['the title', { citationCount: 13, novelty: 0.5, codeUrl: 'https://example.org/moved', title: 'Renamed' }, ['papers UPDATE']],
    ])('changing %s', async (_what, changes, expected) => {
      await upsert(supplied(changes));
      expect(await writes.take()).toEqual(expected);
    });

    it('moves the authors’ asOf and figures with the citation count, not with the title', async () => {
      const asOf = (answer: Row) => answer.paper.authors.nodes.map((a: Row) => a.metrics);
      const current = { citationCount: 13, novelty: 0.5, codeUrl: 'https://example.org/moved', title: 'Renamed' };
      const before = asOf(await upsert(supplied(current)));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const retitled = asOf(await upsert(supplied({ ...current, title: 'Renamed again' })));
      expect(retitled).toEqual(before);
      const cited = asOf(await upsert(supplied({ ...current, title: 'Renamed again', citationCount: 20 })));
      expect(cited.map((m: Row) => m.citationCount)).toEqual([20, 20]);
      cited.forEach((m: Row, i: number) => expect(Date.parse(m.asOf)).toBeGreaterThan(Date.parse(before[i].asOf)));
    });

    it('rescores a computed novelty when the title changes, and refreshes the authors with it', async () => {
      await upsert(record('replay-computed'));
      await writes.take();
      await upsert(record('replay-computed', { title: 'A new title to score' }));
      expect(await writes.take()).toEqual(['author_metrics UPDATE', 'author_metrics UPDATE', 'papers UPDATE', 'papers UPDATE']);
    });

    it('rewrites the author list and refreshes only the authors added and removed when one author changes', async () => {
      const answer = await upsert(record('replay-list', { authors: [{ name: 'Stays First' }, { name: 'Leaves Soon' }] }));
      await writes.take();
      await upsert(record('replay-list', { authors: [{ name: 'Stays First' }, { name: 'Comes Later' }] }));
      expect(await writes.take()).toEqual(['author_metrics DELETE', 'author_metrics INSERT', 'authors DELETE', 'authors INSERT', 'authorships DELETE', 'authorships DELETE', 'authorships INSERT', 'authorships INSERT']);
      expect(await exists(answer.paper.authors.nodes[0].id)).toBe(true);
    });
  });

  describe('authors without papers', () => {
    const PAPER_AUTHORS = `mutation ($id: ID!, $authors: [AuthorRefInput!]) { updatePaper(id: $id, changes: {}, authors: $authors) { paper { id } } }`;

    it('keeps an author created with createAuthor and removed from a paper', async () => {
      const kept = (await gql('mutation { createAuthor(name: "Kept On Purpose") { author { id } } }')).createAuthor.author.id;
      const paper = (await upsert(record('replay-keep', { authors: [{ name: 'Named Along' }, { id: kept }] }))).paper;
      await upsert(record('replay-keep', { authors: [{ name: 'Named Along' }] }));
      const answer = await gql('query ($id: ID!) { author(id: $id) { name paperCount } }', { id: kept });
      expect(answer.author).toEqual({ name: 'Kept On Purpose', paperCount: 0 });
      // Back on the paper and off it again, through updatePaper and then deletePaper.
      await gql(PAPER_AUTHORS, { id: paper.id, authors: [{ id: kept }] });
      await gql(PAPER_AUTHORS, { id: paper.id, authors: [{ name: 'Someone Else' }] });
      await gql('mutation ($id: ID!) { deletePaper(id: $id) { deletedPaperId } }', { id: paper.id });
      expect(await exists(kept)).toBe(true);
      // The authors the same writes made by name went with the paper.
      expect([await authorIdsNamed('Named Along'), await authorIdsNamed('Someone Else')]).toEqual([[], []]);
    });

    it('drops an author created by name once upsertPaper, updatePaper or deletePaper takes them off their last paper', async () => {
      const byUpsert = (await upsert(record('replay-drop', { authors: [{ name: 'Stays On' }, { name: 'Dropped By Upsert' }] }))).paper;
      await upsert(record('replay-drop', { authors: [{ name: 'Stays On' }] }));
      expect(await exists(byUpsert.authors.nodes[1].id)).toBe(false);
      expect(await authorIdsNamed('Dropped By Upsert')).toEqual([]);

      await gql(PAPER_AUTHORS, { id: byUpsert.id, authors: [{ id: byUpsert.authors.nodes[0].id }, { name: 'Dropped By Update' }] });
      const [stays, droppedByUpdate] = (await authorIdsNamed('Stays On')).concat(await authorIdsNamed('Dropped By Update'));
      await gql(PAPER_AUTHORS, { id: byUpsert.id, authors: [{ name: 'Replaces Both' }] });
      expect([await authorIdsNamed('Stays On'), await authorIdsNamed('Dropped By Update')]).toEqual([[], []]);
      expect(await server.sql('SELECT COUNT(*) AS n FROM author_metrics WHERE author_id IN (?, ?)', stays, droppedByUpdate)).toEqual([{ n: 0 }]);

      await gql('mutation ($id: ID!) { deletePaper(id: $id) { deletedPaperId } }', { id: byUpsert.id });
      expect(await authorIdsNamed('Replaces Both')).toEqual([]);
    });

    it('keeps an author created by name while another paper names them', async () => {
      const paper = (await upsert(record('replay-two-papers-a', { authors: [{ name: 'Twice Named' }, { name: 'Once Named' }] }))).paper;
      const [twice, once] = paper.authors.nodes.map((a: Row) => a.id);
      await upsert(record('replay-two-papers-b', { authors: [{ id: twice }] }));
      const { deletePaper } = await gql('mutation ($id: ID!) { deletePaper(id: $id) { authors { id paperCount } } }', { id: paper.id });
      expect(deletePaper.authors).toEqual([{ id: twice, paperCount: 1 }]);
      expect(await exists(once)).toBe(false);
    });

    it('keeps, once merged, an author that a createAuthor profile went into', async () => {
      const created = (await gql('mutation { createAuthor(name: "Merged Profile") { author { id } } }')).createAuthor.author.id;
      const paper = (await upsert(record('replay-merge', { authors: [{ name: 'Merge Survivor' }, { name: 'Never Merged' }] }))).paper;
      const [survivor, unmerged] = paper.authors.nodes.map((a: Row) => a.id);
      await gql('mutation ($into: ID!, $from: [ID!]!) { mergeAuthors(into: $into, from: $from) { mergedAuthorIds } }', { into: survivor, from: [created] });
      await upsert(record('replay-merge', { authors: [{ name: 'Someone Else Now' }] }));
      expect((await gql('query ($id: ID!) { author(id: $id) { name paperCount } }', { id: survivor })).author).toEqual({ name: 'Merge Survivor', paperCount: 0 });
      expect(await exists(unmerged)).toBe(false);
    });
  });
});
