// Paper.noveltyExplanation over HTTP, from a real server on a real file: computed scores with the
// earlier papers that explain them, supplied ones marked as such, in a fixed number of statements.
import { createKey } from '../../src/auth/keys';

import { toGlobalId } from '../../src/graphql/ids';
import { computeNoveltyFor } from '../../src/store/sqlite/novelty/incremental';
import { startServer, type TestServer } from '../support/server';
import { addPapers } from './support';

const EXPLAIN = `query ($id: ID!) {
  paper(id: $id) {
    title novelty
    noveltyExplanation {
      source method version corpusDate corpusPapers
      nearest { similarity paper { title publishedAt } }
    }
  }
}`;

describe('Paper.noveltyExplanation', () => {
  let server: TestServer;
  let ids: number[];
  beforeAll(async () => {
    server = await startServer({
      seedDemoData: false,
      fill: (db) => {
        ids = addPapers(db, [
          { title: 'Graph neural networks for molecules', date: '2019-05-01' },
          { title: 'Graph neural networks for proteins', date: '2020-05-01', novelty: 0.9 },
          { title: 'Quantum graph neural networks for molecules', date: '2021-05-01' },
          { title: 'Untitled musings', date: '2021-06-01' },
        ]);
        computeNoveltyFor(db.sqlite, [ids[0], ids[2]]);
      },
    });
  });
  afterAll(() => server.close());

  const explain = async (id: number) => {
    const { body } = await server.graphql(EXPLAIN, { id: toGlobalId('Paper', id) });
    expect(body.errors).toBeUndefined();
    return body.data.paper;
  };

  it('explains a computed score with the method, the corpus and the nearest earlier papers', async () => {
    // Two papers before 2021: graph, neural, networks in both (IDF 1 + ln(3/3) = 1), molecules and
    // proteins in one (1 + ln(3/2)), quantum in none (1 + ln 3). The cosine with the 2019 paper:
    // (3 + 1.405465^2) / (sqrt(3 + 1.405465^2 + 2.098612^2) * sqrt(3 + 1.405465^2)) = 0.728318.
    expect(await explain(ids[2])).toEqual({
      title: 'Quantum graph neural networks for molecules',
      novelty: 0.271682,
      noveltyExplanation: {
        source: 'COMPUTED',
        method: 'tfidf-backward-cosine',
        version: 1,
        corpusDate: '2021-05-01',
        corpusPapers: 2,
        nearest: [
          { similarity: 0.728318, paper: { title: 'Graph neural networks for molecules', publishedAt: '2019-05-01' } },
          { similarity: 0.439157, paper: { title: 'Graph neural networks for proteins', publishedAt: '2020-05-01' } },
        ],
      },
    });
  });

  it('says a paper with nothing before it has no score because it has no earlier paper', async () => {
    expect((await explain(ids[0])).noveltyExplanation).toEqual({
      source: 'COMPUTED', method: 'tfidf-backward-cosine', version: 1, corpusDate: '2019-05-01', corpusPapers: 0, nearest: [],
    });
  });

  it('marks a supplied score as supplied, and a paper without a score has no explanation', async () => {
    expect(await explain(ids[1])).toEqual({
      title: 'Graph neural networks for proteins',
      novelty: 0.9,
      noveltyExplanation: { source: 'SUPPLIED', method: null, version: null, corpusDate: null, corpusPapers: null, nearest: [] },
    });
    expect((await explain(ids[3])).noveltyExplanation).toBeNull();
  });

  it('turns a computed score set again through the API into a supplied one, which no recomputation replaces', async () => {
    const writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'w', role: 'writer' })).key}` };
    const { body } = await server.graphql(
      'mutation ($id: ID!) { updatePaper(id: $id, changes: { novelty: 0.5 }) { paper { novelty noveltyExplanation { source } } } }',
      { id: toGlobalId('Paper', ids[2]) },
      writer,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updatePaper.paper).toEqual({ novelty: 0.5, noveltyExplanation: { source: 'SUPPLIED' } });
    // npm run novelty --all, on the database the server serves.
    await server.store.scoreNovelty('all');
    expect(await explain(ids[2])).toMatchObject({ novelty: 0.5, noveltyExplanation: { source: 'SUPPLIED', nearest: [] } });
    // The paper without a score was in scope of --all: it has one now.
    expect((await explain(ids[3])).noveltyExplanation).toMatchObject({ source: 'COMPUTED', corpusPapers: 3 });
  });

  it('reads the explanations and their nearest papers of a whole list in a fixed number of statements', async () => {
    const list = `query ($n: Int) { papers(first: $n, orderBy: { field: PUBLISHED_AT, direction: ASC }) {
      nodes { noveltyExplanation { source nearest { similarity paper { title } } } } } }`;
    const counts = [];
    for (const n of [1, 4]) {
      const before = await server.statementsRun();
      const { body } = await server.graphql(list, { n });
      expect(body.errors).toBeUndefined();
      expect(body.data.papers.nodes).toHaveLength(n);
      counts.push((await server.statementsRun()) - before);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});
