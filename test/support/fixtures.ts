// Small hand-made data with many ties, to test orderings and paging at their edges.
import { type Db } from '../../src/store/sqlite/client';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';

export interface TieFixture {
  papers: number;
  authors: number;
}

/**
 * `papers` papers whose sort keys repeat (7 citation counts, 5 dates, 4 scores, 3 titles) and
 * `authors` authors, each paper written by 1 to 6 of them, so every order needs its tiebreak.
 */
export function fillWithTies(db: Db, papers = 250, authors = 40): TieFixture {
  const insertAuthor = db.sqlite.prepare('INSERT INTO authors (name, external_id) VALUES (?, ?)');
  const insertPaper = db.sqlite.prepare(
    `INSERT INTO papers (external_id, title, abstract, category, published_at, score, citation_count, novelty)
     VALUES (?, ?, '', ?, ?, ?, ?, ?)`,
  );
  const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)');
  db.sqlite.transaction(() => {
    const authorIds: number[] = [];
    for (let a = 0; a < authors; a += 1) {
      authorIds.push(Number(insertAuthor.run(`Tie Author ${String.fromCharCode(65 + (a % 26))}${Math.floor(a / 26)}`, `tie-a-${a}`).lastInsertRowid));
    }
    for (let p = 0; p < papers; p += 1) {
      const paperId = Number(
        insertPaper.run(
          `tie-${p}`,
          ['Alpha', 'Beta', 'Gamma'][p % 3],
          ['cs.LG', 'cs.CV', 'cs.AI'][p % 3],
          `202${p % 5}-0${1 + (p % 9)}-1${p % 10}`,
          [10, 20.5, 30, 40][p % 4],
          p % 7,
          p % 2 ? null : (p % 10) / 10,
        ).lastInsertRowid,
      );
      const team = 1 + (p % 6);
      for (let i = 0; i < team; i += 1) link.run(paperId, authorIds[(p * 7 + i * 3) % authors], i + 1);
    }
    // Raw inserts skip the write services, so the bulk refresh an importer does is due here too.
    refreshAllAuthorMetrics(db.sqlite);
  })();
  return { papers, authors };
}
