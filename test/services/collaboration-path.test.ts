// The bidirectional search finds what a plain breadth-first search over the whole graph finds,
// the same path among equally short ones, within the limits it promises.
import fc from 'fast-check';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';
import { findCollaborationPath, stepLinks } from '../../src/services/collaboration-path.service';
import { sqliteStore } from '../../src/store';

/** Authors 1..authors, and papers as lists of author ids; returns nothing: ids are 1-based. */
function writeGraph(db: Db, authors: number, papers: number[][]): void {
  db.sqlite.transaction(() => {
    db.sqlite.exec('DELETE FROM authorships; DELETE FROM papers; DELETE FROM authors; DELETE FROM sqlite_sequence;');
    const author = db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)');
    for (let a = 1; a <= authors; a += 1) author.run(`Author ${a}`);
    const paper = db.sqlite.prepare("INSERT INTO papers (title, category, published_at) VALUES (?, 'cs.LG', ?)");
    const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)');
    papers.forEach((team, p) => {
      const paperId = Number(paper.run(`Paper ${p}`, `20${10 + (p % 15)}-01-01`).lastInsertRowid);
      [...new Set(team)].forEach((authorId, i) => link.run(paperId, authorId, i + 1));
    });
  })();
}

/** Plain BFS from `to` over every link, then the smallest next author at each step from `from`. */
function naivePath(authors: number, papers: number[][], from: number, to: number, maxLength: number): number[] | null {
  const neighbours = Array.from({ length: authors + 1 }, () => new Set<number>());
  for (const team of papers) for (const a of team) for (const b of team) if (a !== b) neighbours[a].add(b);
  const distance = new Map([[to, 0]]);
  for (let queue = [to]; queue.length > 0; ) {
    const next: number[] = [];
    for (const id of queue) {
      for (const n of neighbours[id]) {
        if (!distance.has(n)) {
          distance.set(n, distance.get(id)! + 1);
          next.push(n);
        }
      }
    }
    queue = next;
  }
  const length = distance.get(from);
  if (length === undefined || length > maxLength) return null;
  const path = [from];
  while (path[path.length - 1] !== to) {
    const here = path[path.length - 1];
    path.push(Math.min(...[...neighbours[here]].filter((n) => distance.get(n) === distance.get(here)! - 1)));
  }
  return path;
}

describe('findCollaborationPath', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
  });
  afterAll(() => db.close());

  const graphs = fc
    .integer({ min: 2, max: 16 })
    .chain((authors) =>
      fc.record({
        authors: fc.constant(authors),
        // Mostly pairs, so that chains run long enough to need several levels from both ends.
        papers: fc.array(fc.array(fc.integer({ min: 1, max: authors }), { minLength: 1, maxLength: 3 }), { maxLength: 2 * authors }),
        maxLength: fc.integer({ min: 1, max: 6 }),
      }),
    );

  it('answers every pair of authors as a naive BFS does, in at most maxLength statements', async () => {
    await fc.assert(
      fc.asyncProperty(graphs, async ({ authors, papers, maxLength }) => {
        writeGraph(db, authors, papers);
        for (let from = 1; from <= authors; from += 1) {
          for (let to = 1; to <= authors; to += 1) {
            const before = db.statements.total;
            const found = await findCollaborationPath(sqliteStore(db), from, to, maxLength);
            expect(found).toEqual(naivePath(authors, papers, from, to, maxLength));
            expect(db.statements.total - before).toBeLessThanOrEqual(maxLength);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('picks the smallest author ids among equally short paths', async () => {
    // 1 - 5 - 3, 1 - 2 - 3 and 1 - 4 - 3: all of length 2.
    writeGraph(db, 5, [[1, 5], [5, 3], [4, 3], [1, 4], [1, 2], [2, 3]]);
    expect(await findCollaborationPath(sqliteStore(db), 1, 3, 4)).toEqual([1, 2, 3]);
    expect(await findCollaborationPath(sqliteStore(db), 3, 1, 4)).toEqual([3, 2, 1]);
  });

  it('keeps every shortest way back, not only the first one found', async () => {
    // 1 - 2 - 20 - 30 - 40 and 1 - 3 - 10 - 30 - 40 are both shortest; 40's five other
    // co-authors make the search go three levels from 1, where 30 is reached from 10 and 20.
    writeGraph(db, 45, [[1, 2], [1, 3], [2, 20], [3, 10], [20, 30], [10, 30], [30, 40], [40, 41], [40, 42], [40, 43], [40, 44], [40, 45]]);
    expect(await findCollaborationPath(sqliteStore(db), 1, 40, 4)).toEqual([1, 2, 20, 30, 40]);
    expect(await findCollaborationPath(sqliteStore(db), 40, 1, 4)).toEqual([40, 30, 10, 3, 1]);
  });

  it('expands the smaller frontier, so a hub at one end does not spend the visit limit', async () => {
    // Author 1 is a hub: 40 co-authors (10..49) who each have 5 more (50..249). The path
    // 1 - 2 - 3 - 4 has 3 steps; from the hub's side alone its second level has 240 authors.
    const papers: number[][] = [[1, 2], [2, 3], [3, 4]];
    for (let leaf = 10; leaf < 50; leaf += 1) {
      papers.push([1, leaf]);
      for (let k = 0; k < 5; k += 1) papers.push([leaf, 50 + (leaf - 10) * 5 + k]);
    }
    writeGraph(db, 249, papers);
    expect(await findCollaborationPath(sqliteStore(db), 1, 4, 6, { authors: 60, links: 1000 })).toEqual([1, 2, 3, 4]);
    expect(await findCollaborationPath(sqliteStore(db), 4, 1, 6, { authors: 60, links: 1000 })).toEqual([4, 3, 2, 1]);
  });

  it('gives up with PATH_SEARCH_LIMIT past the limits, suggesting a smaller maxLength', async () => {
    // A chain 1 - 2 - ... - 30: the ends are 29 steps apart, further than any search goes.
    writeGraph(db, 40, Array.from({ length: 29 }, (_, i) => [i + 1, i + 2]));
    const search = (limits: { authors: number; links: number }) => findCollaborationPath(sqliteStore(db), 1, 30, 6, limits);
    // Equal frontiers expand from the start: after 4 levels 6 authors are known, one too many.
    await expect(search({ authors: 5, links: 1000 })).rejects.toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'PATH_SEARCH_LIMIT', argumentName: 'maxLength' }) }),
    );
    await expect(search({ authors: 5, links: 1000 })).rejects.toThrow(/6 authors.*No path of 4 steps or fewer.*smaller `maxLength`/);
    await expect(search({ authors: 1000, links: 0 })).rejects.toThrow(/co-author links/);
    expect(await findCollaborationPath(sqliteStore(db), 1, 30, 6, { authors: 1000, links: 1000 })).toBeNull();
  });

  it('lists the papers of each step, newest first, with their count', async () => {
    writeGraph(db, 3, [[1, 2], [2, 1], [2, 3], [1, 3, 2]]);
    const links = await stepLinks(sqliteStore(db), [1, 2, 3]);
    expect(links.map((l) => l.sharedPaperCount)).toEqual([3, 2]);
    expect(links[0].papers.map((p) => p.title)).toEqual(['Paper 3', 'Paper 1', 'Paper 0']);
    expect(links[1].papers.map((p) => p.title)).toEqual(['Paper 3', 'Paper 2']);
    expect(await stepLinks(sqliteStore(db), [1])).toEqual([]);
  });
});
