// GET /export/papers.ndjson against a real server: every paper, the same filters as
// papers(filter:), resumable with `after`, bad parameters a 400 with BAD_USER_INPUT, and the
// database free for other requests while an export streams.
import { createKey } from '../../src/auth/keys';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { withSearchIndexingDeferred } from '../../src/store';
import { startServer, type TestServer } from '../support/server';
import { parseLines } from './support';

interface Pull {
  status: number;
  contentType: string | null;
  text: string;
}

const PAGE = `query ($filter: PaperFilterInput, $after: String) {
  papers(first: 100, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } nodes { externalId } } }`;

describe('GET /export/papers.ndjson', () => {
  let server: TestServer;
  let total: number;
  let full: string;
  beforeAll(async () => {
    // Big enough (about 20 MB) that an export outlasts what the sockets buffer.
    server = await startServer({ fill: (db) => withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: 20_000, seed: 5 })) });
    total = (await server.graphql('{ papers(first: 0) { totalCount } }')).body.data.papers.totalCount;
    full = (await pull('')).text;
  }, 60_000);
  afterAll(() => server.close());

  async function pull(query: string, headers: Record<string, string> = {}): Promise<Pull> {
    const response = await fetch(`${server.url}/export/papers.ndjson${query ? `?${query}` : ''}`, { headers });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  }

  /** The external ids papers(filter:) lists, every page of them. */
  async function listed(filter: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: { body: any } = await server.graphql(PAGE, { filter, after });
      expect(body.errors).toBeUndefined();
      ids.push(...body.data.papers.nodes.map((n: { externalId: string }) => n.externalId));
      if (!body.data.papers.pageInfo.hasNextPage) return ids;
      after = body.data.papers.pageInfo.endCursor;
    }
  }

  it('streams every paper as NDJSON, each line as the API shows the paper', async () => {
    const { status, contentType, text } = await pull('');
    expect([status, contentType]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
    const papers = parseLines(text);
    expect(papers).toHaveLength(total);
    expect(new Set(papers.map((p) => p.externalId)).size).toBe(total);

    const { body } = await server.graphql(`{ paper(externalId: "2503.07365") {
      id externalId title abstract arxivCategory { code } workType doi arxivId publishedAt citationCount score novelty aiScore hasCode codeUrl
      topics { id name subfield { id name } field { id name } domain { id name } }
      authors(first: 100) { edges { position node { id name externalId } } } } }`);
    const { arxivCategory, authors, ...fields } = body.data.paper;
    expect(papers.find((p) => p.externalId === '2503.07365')).toEqual({
      scholargraph: 1,
      ...fields,
      category: arxivCategory.code,
      authors: authors.edges.map((e: any) => ({ position: e.position, ...e.node })),
    });
  });

  it.each([
    ['categories=cs.LG,cs.AI', { categories: ['cs.LG', 'cs.AI'] }],
    ['categories=cs.CV&categories=stat.ML&hasCode=false', { categories: ['cs.CV', 'stat.ML'], hasCode: false }],
    ['publishedFrom=2024-01-01&publishedTo=2024-06-30', { publishedFrom: '2024-01-01', publishedTo: '2024-06-30' }],
    ['hasCode=true&minCitations=50', { hasCode: true, minCitations: 50 }],
    ['minScore=40.5', { minScore: 40.5 }],
  ])('narrows %s to the papers papers(filter:) lists', async (query, filter) => {
    const expected = await listed(filter);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(total);
    const { status, text } = await pull(query);
    expect(status).toBe(200);
    expect(parseLines(text).map((p) => p.externalId).sort()).toEqual(expected.sort());
  });

  it('takes a date as papers(filter:) does, any year from 0000, and a parameter once or a list of categories', async () => {
    const early = await pull('publishedFrom=0050-01-01&limit=5');
    expect([early.status, parseLines(early.text)]).toEqual([200, parseLines((await pull('limit=5')).text)]);
    const { body } = await server.graphql('{ papers(first: 0, filter: { publishedFrom: "0050-01-01" }) { totalCount } }');
    expect(body.data.papers.totalCount).toBe(total);
    const padded = await pull('limit=0000000000000003&minCitations=00&minScore=0040.50&categories=cs.LG,,%20&categories=');
    const plain = await pull('limit=3&minCitations=0&minScore=40.5&categories=cs.LG');
    expect([padded.status, padded.text]).toEqual([200, plain.text]);
    expect(parseLines(plain.text)).toHaveLength(3);
  });

  it("narrows to an author's papers by the author's id", async () => {
    const { body } = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }');
    const authorId = body.data.authors.nodes[0].id;
    const papers = parseLines((await pull(`authorId=${authorId}&publishedFrom=2025-01-01`)).text);
    expect(papers.map((p) => p.externalId).sort()).toEqual((await listed({ authorId, publishedFrom: '2025-01-01' })).sort());
    expect(papers).toHaveLength(3);
    expect(papers.every((p) => p.authors.some((a) => a.id === authorId))).toBe(true);
  });

  it('resumes after the id of the last line received, repeating and skipping nothing', async () => {
    const head = await pull('limit=1234');
    const last = parseLines(head.text).at(-1)!;
    const rest = await pull(`after=${last.id}`);
    expect(parseLines(head.text)).toHaveLength(1234);
    expect(head.text + rest.text).toBe(full);

    const filtered = (await pull('categories=cs.LG')).text;
    const first = await pull('categories=cs.LG&limit=10');
    const resumed = await pull(`categories=cs.LG&after=${parseLines(first.text).at(-1)!.id}`);
    expect(first.text + resumed.text).toBe(filtered);
  });

  it.each([
    ['colour=red', 'colour', /^Unknown query parameter `colour`; the parameters are categories, publishedFrom, .*, after, limit\.$/],
    ['publishedFrom=2024-02-30', 'publishedFrom', /^`publishedFrom` "2024-02-30" is not a real date; write it YYYY-MM-DD/],
    ['publishedTo=yesterday', 'publishedTo', /^`publishedTo` "yesterday" is not a real date/],
    ['hasCode=yes', 'hasCode', /^`hasCode` must be true or false, got "yes"\.$/],
    ['minCitations=-1', 'minCitations', /^`minCitations` must be a whole number, 0 or more, got "-1"\.$/],
    ['minScore=high', 'minScore', /^`minScore` must be a number from 0 to 100, got "high"\.$/],
    ['minScore=101', 'minScore', /^`minScore` must be a number from 0 to 100/],
    ['limit=0', 'limit', /^`limit` must be a whole number, from 1 to 1000000, got "0"\.$/],
    ['limit=1&limit=2', 'limit', /^`limit` is given 2 times; give it once\.$/],
    ['authorId=Zongkai', 'authorId', /^`authorId` "Zongkai" is not the id of an Author\. Pass the `id` of an Author exactly as the API returned it\.$/],
    ['after=QXV0aG9yOjE', 'after', /^`after` "QXV0aG9yOjE" is not the id of a Paper\. Pass the `id` of the last line you received/],
    ['after=', 'after', /^`after` is empty; give it a value or leave it out\.$/],
    // A name is a subject now (an OpenAlex one); a control character is no subject at all.
    ['categories=Machine%01Learning', 'query', /"Machine\u0001Learning", which holds a control character; give an arXiv category code \(cs\.LG, hep-th\), an OpenAlex subject id/],
    ['publishedFrom=2025-01-01&publishedTo=2024-01-01', 'query', /\(2025-01-01\) is after `publishedTo` \(2024-01-01\); swap them\.$/],
    // The route's schema: repeated, empty, out of range, and each parameter checked in its turn.
    ['colour=red&limit=0', 'colour', /^Unknown query parameter `colour`;/],
    ['categories=,%20,', 'categories', /^`categories` is empty; give arXiv codes separated by commas, e.g\. categories=cs\.LG,cs\.AI\.$/],
    ['hasCode=', 'hasCode', /^`hasCode` is empty; give it a value or leave it out\.$/],
    ['hasCode=true&hasCode=false', 'hasCode', /^`hasCode` is given 2 times; give it once\.$/],
    ['minScore=100.00000000000001', 'minScore', /^`minScore` must be a number from 0 to 100, got "100\.00000000000001"\.$/],
    [`minScore=${'9'.repeat(400)}`, 'minScore', /^`minScore` must be a number from 0 to 100, got "9{40}"\.$/],
    ['minCitations=9007199254740992', 'minCitations', /^`minCitations` must be a whole number, 0 or more, got "9007199254740992"\.$/],
    ['limit=0001000001', 'limit', /^`limit` must be a whole number, from 1 to 1000000, got "0001000001"\.$/],
    ['limit=%201', 'limit', /^`limit` must be a whole number, from 1 to 1000000, got " 1"\.$/],
    ['publishedTo=bad&hasCode=maybe', 'hasCode', /^`hasCode` must be true or false/],
    ['authorId=Zongkai&limit=0', 'authorId', /^`authorId` "Zongkai" is not the id of an Author/],
    ['after=&categories=Machine%01Learning', 'query', /which holds a control character/],
    ['limit=x&after=QXV0aG9yOjE', 'after', /^`after` "QXV0aG9yOjE" is not the id of a Paper/],
  ])('answers %s with 400 and BAD_USER_INPUT naming %s', async (query, argumentName, message) => {
    const { status, contentType, text } = await pull(query);
    expect([status, contentType]).toEqual([400, 'application/json; charset=utf-8']);
    const body = JSON.parse(text);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
    expect(body.errors[0].message).toMatch(message);
  });

  it('lets a write through while a long export streams, and exports the new paper at its end', async () => {
    const writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'export test writer', role: 'writer' })).key}` };
    const response = await fetch(`${server.url}/export/papers.ndjson`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let created: any;
    try {
      text += decoder.decode((await reader.read()).value, { stream: true });
      // The export waits on backpressure here, with most of its pages still to read.
      created = await server.graphql(
        `mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id } } }`,
        { input: { externalId: 'export.during.1', title: 'Written during an export', category: 'cs.LG', publishedAt: '2025-01-02', authors: [{ name: 'Ada Lovelace' }] } },
        writer,
      );
      expect(created.body.errors).toBeUndefined();
      const read = await server.graphql('{ paper(externalId: "2503.07365") { title } }');
      expect(read.body.errors).toBeUndefined();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    } finally {
      // A failed test must not leave the response open: the server would not close.
      await reader.cancel();
    }
    const papers = parseLines(text);
    expect(papers).toHaveLength(total + 1);
    expect(papers.at(-1)).toMatchObject({ id: created.body.data.createPaper.paper.id, title: 'Written during an export', authors: [{ position: 1, name: 'Ada Lovelace' }] });
  });
});

describe('GET /export/papers.ndjson when reads need a key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ readsNeedKey: true });
  });
  afterAll(() => server.close());

  it('answers 401 with UNAUTHENTICATED without a key or with a bad one, and the papers with a reader key', async () => {
    for (const headers of [{}, { authorization: 'Bearer sg_not-a-key' }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/export/papers.ndjson`, { headers });
      expect(response.status).toBe(401);
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(body.errors[0].message).toContain('Authorization: Bearer');
    }
    // The key comes before the query string: no key, no word on the parameters.
    const refused = await fetch(`${server.url}/export/papers.ndjson?colour=red&limit=0`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const { key } = await createKey(server.store, { name: 'reader', role: 'reader' });
    const response = await fetch(`${server.url}/export/papers.ndjson`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    expect(parseLines(await response.text())).toHaveLength(6);
  });
});
