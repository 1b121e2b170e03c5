// The demo data a first start loads: the generated papers that come without a novelty get one
// computed at that start; every supplied score (the profile's, and the generated ones) is kept.
// That work is short enough for the start to finish it before it listens: the first answer of
// `npm start` on an empty file is already complete.
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { readDemoProfile } from '../../seeds/demo-profile';
import { generateCorpus } from '../../seeds/corpus/generate-corpus';
import { renderProfile } from '../support/render-profile';
import { startServer, tempDir, type TestServer } from '../support/server';
import { startProcess, type ServerProcess } from '../support/server-process';

const CORPUS_PAPERS = 400;

const LIST = `query ($after: String) { papers(first: 100, after: $after, orderBy: { field: PUBLISHED_AT, direction: ASC }) {
  pageInfo { hasNextPage endCursor }
  nodes { externalId publishedAt novelty noveltyExplanation { source corpusDate nearest { paper { publishedAt } } } }
} }`;

interface Node {
  externalId: string;
  publishedAt: string;
  novelty: number | null;
  noveltyExplanation: { source: string; corpusDate: string | null; nearest: { paper: { publishedAt: string } }[] } | null;
}

describe('novelty of the demo data', () => {
  let server: TestServer;
  const dir = tempDir();
  beforeAll(async () => {
    const file = path.join(dir, 'demo.db');
    // The first start seeds, as npm start does with DEMO_CORPUS_PAPERS; the server then opens the file.
    prepareDatabase(file, { seedDemoData: true, demoCorpusPapers: CORPUS_PAPERS }).db.close();
    server = await startServer({ file });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function allPapers(): Promise<Map<string, Node>> {
    const byId = new Map<string, Node>();
    let after: string | null = null;
    do {
      const { body }: { body: { data?: any; errors?: unknown[] } } = await server.graphql(LIST, { after });
      expect(body.errors).toBeUndefined();
      for (const node of body.data.papers.nodes as Node[]) byId.set(node.externalId, node);
      after = body.data.papers.pageInfo.hasNextPage ? body.data.papers.pageInfo.endCursor : null;
    } while (after);
    return byId;
  }

  it('keeps every supplied score and computes the missing ones from earlier papers', async () => {
    const profile = readDemoProfile();
    const byId = await allPapers();
    expect(byId.size).toBe(profile.papers.length + CORPUS_PAPERS);
    for (const paper of profile.papers) {
      expect(byId.get(paper.externalId!)).toMatchObject({ novelty: paper.novelty, noveltyExplanation: { source: 'SUPPLIED' } });
    }
    // The generator, as the seed ran it (around the profile's arXiv ids), says which came with a score.
    const taken = new Set(profile.papers.map((p) => p.externalId!));
    let computed = 0;
    for (const generated of generateCorpus({ papers: CORPUS_PAPERS, seed: 1, takenExternalIds: taken })) {
      const node = byId.get(generated.externalId)!;
      if (generated.novelty !== null) {
        expect(node).toMatchObject({ novelty: generated.novelty, noveltyExplanation: { source: 'SUPPLIED' } });
        continue;
      }
      computed++;
      expect(node.noveltyExplanation).toMatchObject({ source: 'COMPUTED', corpusDate: node.publishedAt });
      for (const n of node.noveltyExplanation!.nearest) expect(n.paper.publishedAt < node.publishedAt).toBe(true);
    }
    // About 15 % of generated papers come without a score.
    expect(computed).toBeGreaterThan(CORPUS_PAPERS * 0.05);
  });

  it("leaves the profile card's novelty, the mean of its supplied scores, at the page's 53 %", async () => {
    const { body } = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { novelty } } }');
    expect(body.data.authors.nodes).toEqual([{ novelty: 0.53 }]);
  });
});

describe('the first start on an empty file, with the default demo corpus', () => {
  const dir = tempDir();
  let server: ServerProcess | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has scored the demo papers before its first answer, which is the profile page exactly', async () => {
    const env = { ...process.env };
    delete env.DEMO_CORPUS_PAPERS;
    delete env.SEED_DEMO_DATA;
    server = await startProcess(path.join(dir, 'first.db'), env);
    expect(await server.readyz()).toEqual({ status: 'ready', pendingNovelty: 0, pendingAuthorMetrics: 0, suspendedIndexes: 0 });
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const query = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const found = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }');
    const { data, errors } = await server.graphql(query, { id: found.data.authors.nodes[0].id });
    expect(errors).toBeUndefined();
    expect(renderProfile(data.author)).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'author-profile.txt'), 'utf8'));
    expect(server.output()).not.toContain('pending work: finishing it in the background');
  }, 120_000);
});
