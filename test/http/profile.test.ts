// The README's profile query, run against the demo data, renders back into the seed page.
import fs from 'node:fs';
import path from 'node:path';
import { renderProfile } from '../support/render-profile';
import { startServer, type TestServer } from '../support/server';

const root = path.join(__dirname, '..', '..');

function readmeProfileQuery(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const match = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```graphql block after <!-- profile-query -->');
  return match[1];
}

describe('the author profile page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  async function profileOf(name: string) {
    const found = await server.graphql(`query ($name: String) { authors(search: $name) { nodes { id name } } }`, { name });
    const id = found.body.data.authors.nodes.find((a: { name: string }) => a.name === name).id;
    return server.graphql(readmeProfileQuery(), { id });
  }

  it('answers the README query with exactly what seeds/author-profile.txt shows', async () => {
    const { status, body } = await profileOf('Zongkai Liu');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const page = fs.readFileSync(path.join(root, 'seeds', 'author-profile.txt'), 'utf8');
    expect(renderProfile(body.data.author)).toBe(page);
  });

  it('gives the card figures as numbers a front end can format', async () => {
    const { body } = await profileOf('Zongkai Liu');
    const author = body.data.author;
    expect({
      name: author.name,
      primaryCategory: author.primaryCategory,
      hIndex: author.hIndex,
      paperCount: author.paperCount,
      citationCount: author.citationCount,
      novelty: author.novelty,
      aiScore: Math.round(author.aiScore),
      scores: author.papers.nodes.map((p: { score: number }) => p.score),
    }).toEqual({
      name: 'Zongkai Liu',
      primaryCategory: { code: 'cs.LG', subjectClass: 'LG', name: 'Machine Learning' },
      hIndex: 4,
      paperCount: 6,
      citationCount: 229,
      novelty: expect.closeTo(0.53, 10),
      aiScore: 39,
      scores: [48.0, 21.9, 18.8, 6.4, 12.5, 14.7],
    });
    expect(author.papers.nodes[0]).toMatchObject({
      publishedAt: '2025-03-10',
      hasCode: true,
      codeUrl: 'https://github.com/ModalMinds/MM-EUREKA',
      authors: { totalCount: 15 },
    });
  });
});
