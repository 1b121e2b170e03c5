// Novelty on import, through the import CLI as a user runs it and a real server reading the file:
// papers imported without a novelty are scored against the papers published before them, a
// supplied novelty is kept and marked supplied, and nothing is scored twice: not by a second
// import of the same file, not papers published after a newly imported one. Our own export is a
// copy: what it says (a score, or none) is what the copy gets.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type TestServer } from '../support/server';
import { scratchFolder } from '../import/support';

const ROOT = path.join(__dirname, '..', '..');

function runImport(file: string, database: string): string {
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import.ts', file, '--database', database], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the import of ${file} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

interface Paper {
  id: string;
  title: string;
  abstract: string;
  date: string;
}

const arxivLine = (p: Paper) =>
  JSON.stringify({
    id: p.id,
    title: p.title,
    abstract: p.abstract,
    categories: 'cs.LG',
    update_date: p.date,
    authors: 'Ada Importer and Bo Reader',
    authors_parsed: [['Importer', 'Ada', ''], ['Reader', 'Bo', '']],
  });

const exportLine = (p: Paper, novelty: number | null) =>
  JSON.stringify({
    scholargraph: 1,
    externalId: p.id,
    title: p.title,
    abstract: p.abstract,
    category: 'cs.LG',
    publishedAt: p.date,
    citationCount: 0,
    score: 10,
    novelty,
    aiScore: null,
    hasCode: false,
    codeUrl: null,
    authors: [{ position: 1, name: 'Cy Exporter', externalId: null }],
  });

const ARXIV: Paper[] = [
  { id: '1901.00001', date: '2019-01-10', title: 'Graph neural networks for molecules', abstract: 'We learn molecular graphs with message passing.' },
  { id: '2003.00001', date: '2020-03-01', title: 'Graph neural networks for proteins', abstract: 'Message passing over protein contact graphs.' },
  { id: '2106.00001', date: '2021-06-01', title: 'Diffusion models for images', abstract: 'Denoising diffusion generates images.' },
  { id: '2202.00001', date: '2022-02-01', title: 'Graph diffusion models for molecules', abstract: 'Denoising diffusion over molecular graphs with message passing.' },
  { id: '2301.00001', date: '2023-01-01', title: 'Quantum error correction', abstract: 'Surface codes protect qubits.' },
];

// Our own export: one paper with a supplied novelty, one that had none in the exported database.
const EXPORTED: [Paper, number | null][] = [
  [{ id: 'sg-supplied', date: '2022-05-01', title: 'Graph neural networks for molecules revisited', abstract: 'Message passing again.' }, 0.42],
  [{ id: 'sg-none', date: '2022-08-01', title: 'Graph neural networks for proteins revisited', abstract: 'Message passing again.' }, null],
];

// A later arXiv file: a paper published before the arXiv papers of 2020 on, which would be earlier
// work for them (they are not rescored), and one published after everything.
const MORE: Paper[] = [
  { id: '1906.00001', date: '2019-06-01', title: 'Denoising diffusion over graphs', abstract: 'Diffusion models for molecular graphs.' },
  { id: '2306.00001', date: '2023-06-01', title: 'Surface codes for qubits', abstract: 'Quantum error correction with surface codes.' },
];

const LIST = `{ papers(first: 20, orderBy: { field: PUBLISHED_AT, direction: ASC }) { nodes {
  externalId publishedAt novelty
  noveltyExplanation { source method corpusDate corpusPapers computedAt nearest { similarity paper { externalId publishedAt } } }
} } }`;

interface Node {
  externalId: string;
  publishedAt: string;
  novelty: number | null;
  noveltyExplanation: {
    source: string;
    method: string | null;
    corpusDate: string | null;
    corpusPapers: number | null;
    computedAt: string | null;
    nearest: { similarity: number; paper: { externalId: string; publishedAt: string } }[];
  } | null;
}

const scratch = scratchFolder('novelty-import-');

describe('novelty on import (npm run import)', () => {
  let server: TestServer;
  let database: string;
  let arxivFile: string;
  let exportFile: string;
  let moreFile: string;
  let scoredByTheImport: unknown;
  beforeAll(async () => {
    database = path.join(scratch.dir(), 'imported.db');
    arxivFile = path.join(scratch.dir(), 'arxiv.jsonl');
    exportFile = path.join(scratch.dir(), 'export.ndjson');
    moreFile = path.join(scratch.dir(), 'more.jsonl');
    fs.writeFileSync(moreFile, MORE.map(arxivLine).join('\n') + '\n');
    fs.writeFileSync(arxivFile, ARXIV.map(arxivLine).join('\n') + '\n');
    fs.writeFileSync(exportFile, EXPORTED.map(([p, n]) => exportLine(p, n)).join('\n') + '\n');
    expect(runImport(arxivFile, database)).toMatch(/: 5 added, 0 updated, 0 unchanged, 0 skipped in .*; novelty computed for 5 papers$/m);
    // Read before a server start, which would finish what an import left.
    const reader = new Database(database, { readonly: true });
    scoredByTheImport = reader.prepare('SELECT (SELECT count(*) FROM paper_novelty) AS scored, (SELECT count(*) FROM novelty_pending) AS pending').get();
    reader.close();
    server = await startServer({ file: database, seedDemoData: false });
  }, 60_000);
  afterAll(() => server?.close());

  const papers = async (): Promise<Map<string, Node>> => {
    const { body } = await server.graphql(LIST);
    expect(body.errors).toBeUndefined();
    return new Map((body.data.papers.nodes as Node[]).map((node) => [node.externalId, node]));
  };
  const novelties = () => server.db.sqlite.prepare('SELECT p.external_id AS paper, n.* FROM paper_novelty n JOIN papers p ON p.id = n.paper_id ORDER BY n.paper_id').all();

  it('scores every paper imported without a novelty against the papers published before it', async () => {
    expect(scoredByTheImport).toEqual({ scored: 5, pending: 0 });
    const byId = await papers();
    ARXIV.forEach((p, i) => {
      const node = byId.get(p.id)!;
      expect(node.noveltyExplanation).toMatchObject({ source: 'COMPUTED', method: 'tfidf-backward-cosine', corpusDate: p.date, corpusPapers: i });
      const nearest = node.noveltyExplanation!.nearest;
      for (const n of nearest) expect(n.paper.publishedAt < p.date).toBe(true);
      if (i === 0) expect(node.novelty).toBeNull();
      else expect(node.novelty).toBe(nearest.length === 0 ? 1 : Math.round((1 - nearest[0].similarity) * 1e6) / 1e6);
    });
    // The graph diffusion paper resembles the earlier graph papers and the diffusion paper.
    const mixed = byId.get('2202.00001')!.noveltyExplanation!.nearest.map((n) => n.paper.externalId);
    expect(mixed.sort()).toEqual(['1901.00001', '2003.00001', '2106.00001']);
    // Quantum error correction shares no word with the machine learning before it.
    expect(byId.get('2301.00001')).toMatchObject({ novelty: 1, noveltyExplanation: { nearest: [] } });
  });

  it("keeps a supplied novelty from our export, marked supplied, and copies a missing one as missing", async () => {
    const before = novelties();
    expect(runImport(exportFile, database)).toMatch(/: 2 added, 0 updated, 0 unchanged, 0 skipped in /);
    const byId = await papers();
    expect(byId.get('sg-supplied')).toMatchObject({ novelty: 0.42, noveltyExplanation: { source: 'SUPPLIED', method: null, nearest: [] } });
    expect(byId.get('sg-none')).toMatchObject({ novelty: null, noveltyExplanation: null });
    expect(novelties()).toEqual(before);
  });

  it('scores the papers a later file adds, and rescores no paper published after them', async () => {
    const before = novelties();
    expect(runImport(moreFile, database)).toMatch(/: 2 added, 0 updated, 0 unchanged, 0 skipped in /);
    const byId = await papers();
    const older = byId.get('1906.00001')!;
    expect(older.noveltyExplanation).toMatchObject({ source: 'COMPUTED', corpusDate: '2019-06-01', corpusPapers: 1 });
    expect(older.noveltyExplanation!.nearest.map((n) => n.paper.externalId)).toEqual(['1901.00001']);
    const newer = byId.get('2306.00001')!;
    expect(newer.noveltyExplanation).toMatchObject({ source: 'COMPUTED', corpusDate: '2023-06-01', corpusPapers: 8 });
    expect(newer.noveltyExplanation!.nearest[0].paper.externalId).toBe('2301.00001');
    // The arXiv papers of 2020 on have the 2019 paper as earlier work now: their scores, and when
    // they were computed, are what they were.
    expect(novelties().slice(0, ARXIV.length)).toEqual(before);
  });

  it('rescores nothing when the same files are imported again', async () => {
    const before = novelties();
    expect(runImport(arxivFile, database)).toMatch(/: 0 added, 0 updated, 5 unchanged, 0 skipped in /);
    expect(runImport(exportFile, database)).toMatch(/: 0 added, 0 updated, 2 unchanged, 0 skipped in /);
    expect(runImport(moreFile, database)).toMatch(/: 0 added, 0 updated, 2 unchanged, 0 skipped in /);
    expect(novelties()).toEqual(before);
  });

  it('rescores a computed score whose paper a later import gives a new abstract, and no other', async () => {
    const before = novelties() as { paper: string; computed_at: string }[];
    const edited = ARXIV.map((p) => (p.id === '2106.00001' ? { ...p, abstract: 'Message passing over molecular graphs.' } : p));
    fs.writeFileSync(arxivFile, edited.map(arxivLine).join('\n') + '\n');
    expect(runImport(arxivFile, database)).toMatch(/: 0 added, 1 updated, 4 unchanged, 0 skipped in /);
    const after = novelties() as { paper: string; computed_at: string }[];
    expect(after.filter((row, i) => row.computed_at !== before[i].computed_at).map((row) => row.paper)).toEqual(['2106.00001']);
    const node = (await papers()).get('2106.00001')!;
    // Its new abstract is about graphs: the graph papers before it are the nearest now.
    expect(node.noveltyExplanation!.nearest.map((n) => n.paper.externalId)).toContain('1901.00001');
  });
});
