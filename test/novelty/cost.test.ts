// What noveltyExplanation costs a client: its row per paper, and up to five nearest papers with
// what each of them selects, so that a list of 100 papers asking for it is priced as the work it is.
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { startServer, type TestServer } from '../support/server';
import { addPapers } from './support';

const MAX_COST = 3000;

describe('the cost of noveltyExplanation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      seedDemoData: false,
      limits: { maxCost: MAX_COST },
      fill: (db) => {
        // More than a page of papers, most with five or more earlier papers sharing words.
        addPapers(
          db,
          Array.from({ length: 120 }, (_, i) => ({
            title: `Graph networks ${['for molecules', 'for proteins', 'with attention', 'at scale'][i % 4]} ${i}`,
            abstract: 'Message passing over graphs.',
            date: `20${String(10 + Math.floor(i / 12)).padStart(2, '0')}-0${1 + (i % 9)}-01`,
          })),
        );
        computeNoveltyInBulk(db.sqlite);
      },
    });
  });
  afterAll(() => server.close());

  const costOf = async (selection: string): Promise<number> => {
    const { body } = await server.graphql(`{ rateLimit { cost } papers(first: 100) { nodes { ${selection} } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.papers.nodes).toHaveLength(100);
    return body.data.rateLimit.cost;
  };

  it('adds one per paper for the explanation, and five times what a nearest paper selects', async () => {
    expect(await costOf('title')).toBe(100);
    expect(await costOf('noveltyExplanation { source }')).toBe(100 * (1 + 1));
    expect(await costOf('noveltyExplanation { source nearest { similarity } }')).toBe(100 * (1 + 1 + 5));
    expect(await costOf('noveltyExplanation { nearest { paper { authors(first: 3) { nodes { name } } } } }')).toBe(100 * (1 + 1 + 5 * (1 + 3)));
  });

  it('refuses a list whose explanations would cost more than MAX_COST, saying what it costs', async () => {
    const { status, body } = await server.graphql('{ papers(first: 100) { nodes { noveltyExplanation { nearest { paper { authors(first: 10) { nodes { name } } } } } } } }');
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('COST_LIMIT_EXCEEDED');
    // 100 x (1 + 1 + 5 x (1 + 10))
    expect(body.errors![0].message).toMatch(new RegExp(`^The query costs 5,?700, over the maximum of ${MAX_COST} per request \\(MAX_COST\\)`));
    expect(body.data).toBeUndefined();
  });
});
