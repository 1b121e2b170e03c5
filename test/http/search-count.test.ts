// A search's totalCount as a client gets it: exact up to SEARCH_COUNT_BOUND (totalCountIsExact
// true), an estimate past it (false), over a generated corpus large enough to pass the bound;
// lists without a search always exact; and the ranked page the same as SQL ranks it.
import { toGlobalId } from '../../src/graphql/ids';
import { SEARCH_COUNT_BOUND } from '../../src/graphql/types/connections.type';
import { toFtsFilter, toFtsQuery } from '../../src/store';
import { ESTIMATE_SAMPLING, PAPER_SEARCH_RANK } from '../../src/store/sqlite/paper-search';
import { paperFilterSql, whereClause } from '../../src/store/sqlite/conditions';
import type { PaperFilter } from '../../src/store/types';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

const SETUP_MS = 120_000;

/** Three standard errors of the estimate's sample (test/store/search-count.test.ts). */
function tolerance(count: number): number {
  const s = ESTIMATE_SAMPLING;
  return 3 * Math.sqrt((count / s) * (1 - 1 / s)) * s;
}

const COUNTED = 'query ($q: String, $filter: PaperFilterInput) { papers(search: $q, filter: $filter, first: 20) { totalCount totalCountIsExact nodes { id } } }';

describe('a search counted exactly up to a bound', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Enough papers for "the" (in more than half of them) to pass the bound.
    server = await startServer({ fill: (db) => void writeCorpus(db, { papers: SEARCH_COUNT_BOUND * 4, seed: 21 }) });
  }, SETUP_MS);
  afterAll(() => server?.close());

  function trueCount(filter: PaperFilter): number {
    const conditions = paperFilterSql(filter);
    return (server.db.sqlite.prepare(`SELECT count(*) AS n FROM papers p${whereClause(conditions.sql)}`).get(...conditions.params) as { n: number }).n;
  }

  it('estimates past the bound, and says so', async () => {
    const count = trueCount({ match: toFtsFilter('the') });
    expect(count).toBeGreaterThan(SEARCH_COUNT_BOUND);
    const { body } = await server.graphql(COUNTED, { q: 'the' });
    expect(body.errors).toBeUndefined();
    expect(body.data.papers.totalCountIsExact).toBe(false);
    expect(body.data.papers.totalCount).toBeGreaterThan(SEARCH_COUNT_BOUND);
    expect(Math.abs(body.data.papers.totalCount - count)).toBeLessThanOrEqual(tolerance(count));
    expect(body.data.papers.nodes).toHaveLength(20);
  });

  it.each([
    ['learning', { categories: ['cs.LG'], publishedFrom: '2018-01-01' }],
    ['diffusion models', {}],
    ['neural netw', { hasCode: true }],
  ])('counts %j %j exactly below the bound', async (text, filter) => {
    const count = trueCount({ ...filter, match: toFtsFilter(text) });
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(SEARCH_COUNT_BOUND);
    const { body } = await server.graphql(COUNTED, { q: text, filter });
    expect(body.errors).toBeUndefined();
    expect(body.data.papers).toMatchObject({ totalCount: count, totalCountIsExact: true });
  });

  it('counts a list without a search exactly, past the bound too', async () => {
    const { body } = await server.graphql('{ all: papers { totalCount totalCountIsExact } lg: papers(filter: { categories: ["cs.LG"] }) { totalCount totalCountIsExact } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.all).toEqual({ totalCount: trueCount({}), totalCountIsExact: true });
    expect(body.data.all.totalCount).toBeGreaterThan(SEARCH_COUNT_BOUND);
    expect(body.data.lg).toEqual({ totalCount: trueCount({ categories: ['cs.LG'] }), totalCountIsExact: true });
  });

  it.each([
    ['the', {}],
    ['learning', { categories: ['cs.LG', 'cs.CV'], publishedFrom: '2015-01-01' }],
    ['neural netw', { categories: ['cs.LG'] }],
  ])('ranks the page of %j %j as SQL does', async (text, filter) => {
    if (server.engine !== 'sqlite') return; // PostgreSQL ranks by ts_rank_cd (src/store/postgres/paper-search.ts).
    const conditions = paperFilterSql(filter);
    const expected = (
      server.db.sqlite
        .prepare(`SELECT p.id FROM papers p JOIN papers_fts ON papers_fts.rowid = p.id
          WHERE papers_fts MATCH ?${conditions.sql.map((c) => ` AND ${c}`).join('')} ORDER BY ${PAPER_SEARCH_RANK}, p.id LIMIT 20`)
        .pluck()
        .all(toFtsQuery(text), ...conditions.params) as number[]
    ).map((id) => toGlobalId('Paper', id));
    expect(expected).toHaveLength(20);
    const { body } = await server.graphql(COUNTED, { q: text, filter });
    expect(body.data.papers.nodes.map((p: { id: string }) => p.id)).toEqual(expected);
  });

  it('pages through a filtered search in the order SQL ranks it, without skipping or repeating', async () => {
    if (server.engine !== 'sqlite') return;
    const filter = { categories: ['cs.LG', 'cs.CV'], publishedFrom: '2015-01-01' };
    const conditions = paperFilterSql(filter);
    const expected = (
      server.db.sqlite
        .prepare(`SELECT p.id FROM papers p JOIN papers_fts ON papers_fts.rowid = p.id
          WHERE papers_fts MATCH ?${conditions.sql.map((c) => ` AND ${c}`).join('')} ORDER BY ${PAPER_SEARCH_RANK}, p.id`)
        .pluck()
        .all(toFtsQuery('learning'), ...conditions.params) as number[]
    ).map((id) => toGlobalId('Paper', id));
    expect(expected.length).toBeGreaterThan(60);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: { body: any } = await server.graphql(
        'query ($after: String, $filter: PaperFilterInput) { papers(search: "learning", filter: $filter, first: 25, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }',
        { after, filter },
      );
      seen.push(...body.data.papers.nodes.map((p: { id: string }) => p.id));
      if (!body.data.papers.pageInfo.hasNextPage) break;
      after = body.data.papers.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });
});
