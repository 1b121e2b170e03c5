// Small corpora for the novelty tests: papers written straight into a migrated database (the
// search index follows through its triggers), and what a run left in it.
import { type Db } from '../../src/store/sqlite/client';
import { type Neighbor } from '../../src/novelty/measure';

export interface PaperSpec {
  title: string;
  abstract?: string;
  /** YYYY-MM-DD */
  date: string;
  /** Supplied novelty; none by default. */
  novelty?: number | null;
}

/** Inserts the papers, in order, each with one author; returns their ids. */
export function addPapers(db: Db, papers: readonly PaperSpec[]): number[] {
  const insert = db.sqlite.prepare('INSERT INTO papers (title, abstract, category, published_at, novelty) VALUES (?, ?, ?, ?, ?)');
  const author = Number(db.sqlite.prepare("INSERT INTO authors (name) VALUES ('A. N. Author')").run().lastInsertRowid);
  const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, 1)');
  return db.sqlite.transaction(() =>
    papers.map((p) => {
      const id = Number(insert.run(p.title, p.abstract ?? '', 'cs.LG', p.date, p.novelty ?? null).lastInsertRowid);
      link.run(id, author);
      return id;
    }),
  )();
}

export interface Stored {
  novelty: number | null;
  /** Computed: what paper_novelty says; null when the paper's value is not a computed one. */
  computed: { corpusDate: string; corpusPapers: number; nearest: Neighbor[] } | null;
}

export function stored(db: Db, paperId: number): Stored {
  const row = db.sqlite
    .prepare(
      `SELECT p.novelty AS novelty, n.paper_id IS NOT NULL AS computed, n.corpus_date AS corpusDate,
         n.corpus_papers AS corpusPapers, n.nearest AS nearest
       FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS p.novelty WHERE p.id = ?`,
    )
    .get(paperId) as { novelty: number | null; computed: number; corpusDate: string; corpusPapers: number; nearest: string };
  return {
    novelty: row.novelty,
    computed: row.computed ? { corpusDate: row.corpusDate, corpusPapers: row.corpusPapers, nearest: JSON.parse(row.nearest) } : null,
  };
}

/** Every paper's novelty and explanation, by id. */
export function storedAll(db: Db): Map<number, Stored> {
  const ids = db.sqlite.prepare('SELECT id FROM papers ORDER BY id').pluck().all() as number[];
  return new Map(ids.map((id) => [id, stored(db, id)]));
}

/** Forgets computed values (as if never computed), keeping supplied ones. */
export function forgetComputed(db: Db, paperIds: readonly number[]): void {
  const ids = JSON.stringify(paperIds);
  db.sqlite
    .prepare(
      `UPDATE papers SET novelty = NULL WHERE id IN (SELECT value FROM json_each(?))
         AND EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = papers.id AND n.novelty IS papers.novelty)`,
    )
    .run(ids);
  db.sqlite.prepare('DELETE FROM paper_novelty WHERE paper_id IN (SELECT value FROM json_each(?))').run(ids);
}
