// Real OpenAlex works (test/fixtures/real: every work of six real authors, copied from the shared
// data set as it is), imported and then read through the API as a client would. OpenAlex's own
// figures for the six authors are read from the data set's README table, not written here.
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { importFile, type ImportSummary } from '../../src/import/import-file';
import { startServer, tempDir, type TestServer } from '../support/server';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const WORKS = path.join(REAL, 'openalex-works-sample.jsonl');

interface Expected {
  id: string;
  name: string;
  works: number;
  citations: number;
  hIndex: number;
  hIndexSince2020: number;
}

/** The README's table: | A5002041459 | Nikolaos A. Michael | 12 | 129 | 6 | 3 |. */
function openAlexFigures(): Expected[] {
  const readme = fs.readFileSync(path.join(REAL, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| (A\d+) \| ([^|]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map((m) => ({
    id: m[1],
    name: m[2].trim(),
    works: Number(m[3]),
    citations: Number(m[4]),
    hIndex: Number(m[5]),
    hIndexSince2020: Number(m[6]),
  }));
}

type Work = {
  id: string;
  doi: string | null;
  cited_by_count: number;
  publication_date: string;
  primary_topic: { subfield: { id: string; display_name: string } } | null;
  authorships: { author: { id: string | null } }[];
};

const works = (): Work[] =>
  fs
    .readFileSync(WORKS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Work);

/** h-index by its definition, over a list of citation counts. */
function hIndex(citations: number[]): number {
  return [...citations].sort((a, b) => b - a).filter((c, i) => c >= i + 1).length;
}

describe('the shared OpenAlex sample, through the API', () => {
  let server: TestServer;
  let summary: ImportSummary;

  beforeAll(async () => {
    const file = path.join(tempDir('openalex-real-'), 'real.db');
    const { db } = prepareDatabase(file, { seedDemoData: false });
    summary = await importFile(db, WORKS);
    db.close();
    server = await startServer({ file, seedDemoData: false });
  }, 120_000);

  afterAll(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('imports every work: none is skipped for its field, its missing topic or its authors without ids', () => {
    expect(summary).toMatchObject({ added: works().length, updated: 0, skipped: 0 });
  });

  it("gives each of the six authors exactly OpenAlex's works count, citations, h-index and since-2020 h-index", async () => {
    const expected = openAlexFigures();
    expect(expected).toHaveLength(6);
    const variables = expected.map((_, i) => `$id${i}: String!`).join(', ');
    const fields = expected.map((_, i) => `a${i}: author(externalId: $id${i}) { name paperCount citationCount hIndex since2020: metrics(since: 2020) { hIndex } }`);
    const { body } = await server.graphql(`query (${variables}) { ${fields.join(' ')} }`, Object.fromEntries(expected.map((e, i) => [`id${i}`, e.id])));
    expect(body.errors).toBeUndefined();
    const got = expected.map((_, i) => body.data[`a${i}`]);
    expect(got).toEqual(
      expected.map((e) => ({ name: e.name, paperCount: e.works, citationCount: e.citations, hIndex: e.hIndex, since2020: { hIndex: e.hIndexSince2020 } })),
    );
  });

  it('ranks the authors of a subject outside computer science by h-index: top authors in Geology', async () => {
    // The leaderboard's own rule, computed from the file: an author's primary subfield is the one
    // most of their works are in (a tie to the most recent work's), their h-index over all works.
    const byAuthor = new Map<string, Work[]>();
    for (const work of works()) {
      for (const a of work.authorships) if (a.author.id) byAuthor.set(a.author.id, [...(byAuthor.get(a.author.id) ?? []), work]);
    }
    const primary = (list: Work[]) => {
      const stats = new Map<string, { n: number; latest: string }>();
      for (const w of list) {
        if (!w.primary_topic) continue;
        const s = stats.get(w.primary_topic.subfield.display_name) ?? { n: 0, latest: '' };
        stats.set(w.primary_topic.subfield.display_name, { n: s.n + 1, latest: w.publication_date > s.latest ? w.publication_date : s.latest });
      }
      return [...stats].sort(([a, x], [b, y]) => y.n - x.n || (x.latest < y.latest ? 1 : x.latest > y.latest ? -1 : a < b ? -1 : 1))[0]?.[0];
    };
    const geologists = [...byAuthor]
      .filter(([, list]) => primary(list) === 'Geology')
      .map(([id, list]) => ({ id, hIndex: hIndex(list.map((w) => w.cited_by_count)) }));
    expect(geologists.length).toBeGreaterThan(5);

    const leaderboard = async (subject: string) => {
      const { body } = await server.graphql(
        `query ($subject: String!) { authors(filter: { category: $subject }, orderBy: { field: H_INDEX, direction: DESC }, first: 100) {
          totalCount nodes { externalId hIndex primarySubject { id name level taxonomy } } } }`,
        { subject },
      );
      expect(body.errors).toBeUndefined();
      return body.data.authors;
    };
    const byName = await leaderboard('Geology');
    // Authors without an OpenAlex id are ranked too: compare those with one against the file.
    const identified = byName.nodes.filter((n: { externalId: string | null }) => n.externalId?.startsWith('A'));
    expect(identified.map((n: { externalId: string; hIndex: number }) => [n.externalId, n.hIndex]).sort()).toEqual(
      geologists.map((g) => [g.id.replace('https://openalex.org/', ''), g.hIndex]).sort(),
    );
    const hs = byName.nodes.map((n: { hIndex: number }) => n.hIndex);
    expect(hs).toEqual([...hs].sort((a, b) => b - a));
    expect(new Set(byName.nodes.map((n: any) => JSON.stringify(n.primarySubject)))).toEqual(
      new Set([JSON.stringify({ id: 'subfields/1907', name: 'Geology', level: 'SUBFIELD', taxonomy: 'OPENALEX' })]),
    );
    // By id and in another case: the same leaderboard.
    expect(await leaderboard('subfields/1907')).toEqual(byName);
    expect(await leaderboard('https://openalex.org/subfields/1907')).toEqual(byName);
    expect(await leaderboard('geology')).toEqual(byName);
  });

  it('filters papers, facets and metrics windows by an OpenAlex subject at any level', async () => {
    const paleontology = works().filter((w) => w.primary_topic?.subfield.display_name === 'Paleontology');
    const { body } = await server.graphql(`{
      papers(first: 3, filter: { categories: ["Paleontology"] }, orderBy: { field: CITATION_COUNT, direction: DESC }) {
        totalCount
        nodes { arxivCategory { code } topic { subfield { id name } field { name } domain { name } } subjects { id level taxonomy } workType }
        stats { bySubject(level: FIELD) { subject { id name } count } byCategory { count } }
      }
      vecoli: author(externalId: "A5039685767") {
        primaryCategory { code }
        field: primarySubject(level: FIELD) { name }
        inPaleontology: metrics(category: "subfields/1911") { paperCount hIndex category { code } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const { papers, vecoli } = body.data;
    expect(papers.totalCount).toBe(paleontology.length);
    expect(papers.nodes[0]).toMatchObject({
      arxivCategory: null,
      topic: { subfield: { id: 'subfields/1911', name: 'Paleontology' }, field: { name: 'Earth and Planetary Sciences' }, domain: { name: 'Physical Sciences' } },
    });
    expect(papers.nodes[0].subjects.map((s: { level: string }) => s.level)).toEqual(['DOMAIN', 'FIELD', 'SUBFIELD', 'TOPIC']);
    expect(papers.stats).toEqual({
      bySubject: [{ subject: { id: 'fields/19', name: 'Earth and Planetary Sciences' }, count: paleontology.length }],
      byCategory: [],
    });
    const vecoliPaleontology = paleontology.filter((w) => w.authorships.some((a) => a.author.id === 'https://openalex.org/A5039685767'));
    expect(vecoli).toEqual({
      primaryCategory: null,
      field: { name: 'Earth and Planetary Sciences' },
      inPaleontology: { paperCount: vecoliPaleontology.length, hIndex: hIndex(vecoliPaleontology.map((w) => w.cited_by_count)), category: null },
    });
  });

  it('searches within a subject, and exports a subject, as the list filter does', async () => {
    const inField = works().filter((w) => w.primary_topic && (w.primary_topic as any).field.display_name === 'Earth and Planetary Sciences');
    const { body } = await server.graphql(`{
      all: papers(filter: { categories: ["fields/19"] }) { totalCount }
      searched: papers(search: "Jurassic", filter: { categories: ["Earth and Planetary Sciences"] }) { totalCount nodes { topic { field { id } } } }
      unfiltered: papers(search: "Jurassic") { totalCount }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.all.totalCount).toBe(inField.length);
    expect(body.data.searched.totalCount).toBeGreaterThan(0);
    expect(body.data.searched.totalCount).toBeLessThanOrEqual(body.data.unfiltered.totalCount);
    expect(new Set(body.data.searched.nodes.map((n: any) => n.topic.field.id))).toEqual(new Set(['fields/19']));
    const response = await fetch(`${server.url}/export/papers.ndjson?categories=${encodeURIComponent('Earth and Planetary Sciences')}`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(inField.length);
    expect(new Set(lines.map((l) => l.topics[0].field.id))).toEqual(new Set(['fields/19']));
  });

  it("answers every topic of a work, the primary first, as OpenAlex lists them", async () => {
    const work = works().find((w) => ((w as any).topics ?? []).length === 3)! as Work & { topics: { id: string; display_name: string }[] };
    const { body } = await server.graphql(`query ($id: String!) { papers(first: 1, externalIds: [$id]) { nodes { topic { id } topics { id name } } } }`, {
      id: (work.doi ?? work.id).replace('https://doi.org/', '').replace('https://openalex.org/', ''),
    });
    expect(body.errors).toBeUndefined();
    const primary = (work.primary_topic as unknown as { id: string }).id.replace('https://openalex.org/', '');
    const listed = work.topics.map((t) => ({ id: t.id.replace('https://openalex.org/', ''), name: t.display_name }));
    const ordered = [...listed.filter((t) => t.id === primary), ...listed.filter((t) => t.id !== primary)];
    expect(body.data.papers.nodes).toEqual([{ topic: { id: primary }, topics: ordered }]);
  });

  it('exports every work with its subjects, and an empty database imports the export back to the same lines', async () => {
    const first = await (await fetch(`${server.url}/export/papers.ndjson`)).text();
    const dir = tempDir('openalex-copy-');
    try {
      fs.writeFileSync(path.join(dir, 'export.ndjson'), first);
      const { db } = prepareDatabase(path.join(dir, 'copy.db'), { seedDemoData: false });
      expect(await importFile(db, path.join(dir, 'export.ndjson'))).toMatchObject({ added: works().length, skipped: 0 });
      db.close();
      const copy = await startServer({ file: path.join(dir, 'copy.db'), seedDemoData: false });
      try {
        // Row ids may differ between the databases: compare the lines without them.
        const strip = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => {
          const { id: _, authors, ...rest } = JSON.parse(l);
          return { ...rest, authors: authors.map(({ id: __, ...a }: { id: string }) => a) };
        });
        const again = await (await fetch(`${copy.url}/export/papers.ndjson`)).text();
        expect(strip(again)).toEqual(strip(first));
        expect(strip(first).filter((l) => l.topics.length > 0).length).toBe(works().filter((w) => w.primary_topic).length);
      } finally {
        await copy.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a work without any subject: no arXiv category, no topic, empty subjects, and an empty code in the deprecated category', async () => {
    const untopical = works().find((w) => w.primary_topic === null)!;
    const { body } = await server.graphql(`query ($id: String!) { papers(first: 1, externalIds: [$id]) { nodes { arxivCategory { code } topic { id } subjects { id } category { code name } } } }`, {
      id: (untopical.doi ?? untopical.id).replace('https://doi.org/', '').replace('https://openalex.org/', ''),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.papers.nodes).toEqual([{ arxivCategory: null, topic: null, subjects: [], category: { code: '', name: null } }]);
  });

  it('keeps the deprecated Paper.category answering for a paper outside arXiv: its OpenAlex subfield', async () => {
    const geology = works().find((w) => w.primary_topic?.subfield.display_name === 'Geology')!;
    const { body } = await server.graphql(`query ($id: String!) { papers(first: 1, externalIds: [$id]) { nodes { category { code archive subjectClass name } } } }`, {
      id: (geology.doi ?? geology.id).replace('https://doi.org/', '').replace('https://openalex.org/', ''),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.papers.nodes).toEqual([{ category: { code: 'subfields/1907', archive: 'fields/19', subjectClass: null, name: 'Geology' } }]);
  });
});
