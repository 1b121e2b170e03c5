// Novelty through the write mutations, over HTTP: a paper written without a novelty answers with a
// computed one and its explanation; a new text rescores a computed score (the paper's own, not
// later papers'); a supplied score is kept as given.
import { createKey } from '../../src/auth/keys';

import { toGlobalId } from '../../src/graphql/ids';
import { computeNoveltyFor } from '../../src/store/sqlite/novelty/incremental';
import { metricsFromScratch } from '../support/metrics';
import { startServer, type TestServer } from '../support/server';
import { addPapers } from './support';

const EXPLAINED = `novelty noveltyExplanation { source corpusDate corpusPapers computedAt nearest { similarity paper { id title publishedAt } } }`;
const CREATE = `mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id ${EXPLAINED} } authors { name novelty } } }`;
const UPDATE = `mutation ($id: ID!, $changes: PaperChangesInput!) { updatePaper(id: $id, changes: $changes) { paper { id ${EXPLAINED} } } }`;
const UPSERT = `mutation ($input: PaperInput!) { upsertPaper(input: $input) { created paper { id ${EXPLAINED} } } }`;
const PAPER = `query ($id: ID!) { paper(id: $id) { id ${EXPLAINED} } }`;

type Explained = {
  id: string;
  novelty: number | null;
  noveltyExplanation: {
    source: string;
    corpusDate: string | null;
    corpusPapers: number | null;
    computedAt: string | null;
    nearest: { similarity: number; paper: { id: string; title: string; publishedAt: string } }[];
  } | null;
};

/** What any computed explanation must show: earlier papers only, and the score they give. */
function expectComputedFromEarlierPapers(paper: Explained, publishedAt: string): void {
  const explanation = paper.noveltyExplanation!;
  expect(explanation).toMatchObject({ source: 'COMPUTED', corpusDate: publishedAt });
  expect(explanation.nearest.length).toBeGreaterThan(0);
  for (const n of explanation.nearest) expect(n.paper.publishedAt < publishedAt).toBe(true);
  expect(paper.novelty).toBe(Math.round((1 - explanation.nearest[0].similarity) * 1e6) / 1e6);
}

describe('novelty of papers written through the API', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  let earlier: number[];
  beforeAll(async () => {
    server = await startServer({
      seedDemoData: false,
      fill: (db) => {
        earlier = addPapers(db, [
          { title: 'Contrastive learning of molecular graphs', abstract: 'Message passing networks embed molecules.', date: '2019-03-01' },
          { title: 'Diffusion models for protein design', abstract: 'Denoising diffusion generates protein backbones.', date: '2020-03-01' },
          { title: 'Sparse attention for long documents', abstract: 'Linear time attention over long texts.', date: '2021-03-01' },
          // Published after the papers the tests write: earlier work must never include it.
          { title: 'Contrastive diffusion for molecular graphs', abstract: 'Denoising diffusion with message passing.', date: '2024-03-01' },
        ]);
        computeNoveltyFor(db.sqlite, earlier);
      },
    });
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'novelty writer', role: 'writer' })).key}` };
  });
  afterAll(() => server.close());

  const write = async (query: string, variables: Record<string, unknown>) => {
    const { body } = await server.graphql(query, variables, writer);
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const read = async (id: string): Promise<Explained> => (await server.graphql(PAPER, { id })).body.data.paper;
  const later = () => toGlobalId('Paper', earlier[3]);

  it('answers createPaper without a novelty with a computed score, explained by earlier papers, in the authors\' means too', async () => {
    const laterBefore = await read(later());
    const data = await write(CREATE, {
      input: {
        title: 'Message passing for molecular graphs',
        abstract: 'Graph networks embed molecules by message passing.',
        category: 'cs.LG',
        publishedAt: '2022-06-01',
        authors: [{ name: 'Nova Writer' }],
      },
    });
    const paper: Explained = data.createPaper.paper;
    expectComputedFromEarlierPapers(paper, '2022-06-01');
    expect(paper.noveltyExplanation!.corpusPapers).toBe(3);
    expect(paper.noveltyExplanation!.nearest[0].paper.title).toBe('Contrastive learning of molecular graphs');
    expect(paper.novelty).toBeGreaterThan(0);
    expect(paper.novelty).toBeLessThan(1);
    // The author's mean, answered by the mutation, already counts the computed score.
    expect(data.createPaper.authors).toEqual([{ name: 'Nova Writer', novelty: paper.novelty }]);
    expect(metricsFromScratch(server.db.sqlite, 'Nova Writer').novelty).toBe(paper.novelty);
    // The later paper, for which the new one is earlier work, is not rescored.
    expect(await read(later())).toEqual(laterBefore);
  });

  it('keeps a novelty given with createPaper, marked supplied', async () => {
    const data = await write(CREATE, {
      input: { title: 'Message passing for molecular graphs', category: 'cs.LG', publishedAt: '2022-07-01', novelty: 0.9, authors: [{ name: 'Sol Supplier' }] },
    });
    expect(data.createPaper.paper).toMatchObject({ novelty: 0.9, noveltyExplanation: { source: 'SUPPLIED', corpusPapers: null, nearest: [] } });
  });

  it('rescores a computed score when updatePaper changes the title or abstract, and not the later papers', async () => {
    const created: Explained = (
      await write(CREATE, {
        input: { title: 'Sparse attention for molecules', category: 'cs.LG', publishedAt: '2023-01-10', authors: [{ name: 'Ed Itor' }] },
      })
    ).createPaper.paper;
    const laterBefore = await read(later());
    const updated: Explained = (
      await write(UPDATE, { id: created.id, changes: { title: 'Diffusion models for protein backbones', abstract: 'Denoising diffusion generates protein design.' } })
    ).updatePaper.paper;
    expectComputedFromEarlierPapers(updated, '2023-01-10');
    expect(updated.noveltyExplanation!.nearest[0].paper.title).toBe('Diffusion models for protein design');
    expect(updated.novelty).not.toBe(created.novelty);
    expect(updated.noveltyExplanation!.computedAt! >= created.noveltyExplanation!.computedAt!).toBe(true);
    expect(await read(updated.id)).toEqual(updated);
    expect(await read(later())).toEqual(laterBefore);
  });

  it('rescores a computed score when updatePaper moves the paper in time: earlier work is what came before its new date', async () => {
    const created: Explained = (
      await write(CREATE, {
        input: { title: 'Denoising diffusion with message passing', category: 'cs.LG', publishedAt: '2023-02-01', authors: [{ name: 'Ed Itor' }] },
      })
    ).createPaper.paper;
    const titles = (paper: Explained) => paper.noveltyExplanation!.nearest.map((n) => n.paper.title);
    expect(titles(created)).not.toContain('Contrastive diffusion for molecular graphs');
    const moved: Explained = (await write(UPDATE, { id: created.id, changes: { publishedAt: '2025-01-01' } })).updatePaper.paper;
    expectComputedFromEarlierPapers(moved, '2025-01-01');
    // The 2024 paper has every word of it: earlier work now, and among the nearest.
    expect(titles(moved)).toContain('Contrastive diffusion for molecular graphs');
    expect(moved.novelty).not.toBe(created.novelty);
  });

  it('never replaces a supplied score: a new text keeps it, and so does a later computation', async () => {
    const created: Explained = (
      await write(CREATE, { input: { title: 'Sparse attention for proteins', category: 'cs.LG', publishedAt: '2023-03-01', novelty: 0.33, authors: [{ name: 'Ed Itor' }] } })
    ).createPaper.paper;
    const updated: Explained = (await write(UPDATE, { id: created.id, changes: { title: 'Contrastive learning of molecular graphs' } })).updatePaper.paper;
    expect(updated).toMatchObject({ novelty: 0.33, noveltyExplanation: { source: 'SUPPLIED', nearest: [] } });
    const changedScore = (await write(UPDATE, { id: created.id, changes: { novelty: 0.5, abstract: 'Message passing networks.' } })).updatePaper.paper;
    expect(changedScore).toMatchObject({ novelty: 0.5, noveltyExplanation: { source: 'SUPPLIED' } });
  });

  it('computes a score once a supplied one is removed (novelty: null), and leaves a computed one alone', async () => {
    const created: Explained = (
      await write(CREATE, { input: { title: 'Sparse attention for long proteins', category: 'cs.LG', publishedAt: '2023-04-01', novelty: 0.2, authors: [{ name: 'Ed Itor' }] } })
    ).createPaper.paper;
    const removed: Explained = (await write(UPDATE, { id: created.id, changes: { novelty: null } })).updatePaper.paper;
    expectComputedFromEarlierPapers(removed, '2023-04-01');
    expect(removed.noveltyExplanation!.nearest[0].paper.title).toBe('Sparse attention for long documents');
    const again: Explained = (await write(UPDATE, { id: created.id, changes: { novelty: null } })).updatePaper.paper;
    expect(again).toEqual(removed);
  });

  it('scores an upserted paper once: the same record sent again rescores nothing', async () => {
    const input = {
      externalId: 'novelty-upsert-1',
      title: 'Linear attention for molecular graphs',
      category: 'cs.LG',
      publishedAt: '2023-05-01',
      authors: [{ name: 'Up Serter' }],
    };
    const first = (await write(UPSERT, { input })).upsertPaper;
    expect(first.created).toBe(true);
    expectComputedFromEarlierPapers(first.paper, '2023-05-01');
    const second = (await write(UPSERT, { input })).upsertPaper;
    expect(second).toEqual({ ...first, created: false });
    const edited = (await write(UPSERT, { input: { ...input, title: 'Denoising diffusion for protein design' } })).upsertPaper.paper;
    expectComputedFromEarlierPapers(edited, '2023-05-01');
    expect(edited.noveltyExplanation.nearest.map((n: { paper: { title: string } }) => n.paper.title)).toContain('Diffusion models for protein design');
  });
});
