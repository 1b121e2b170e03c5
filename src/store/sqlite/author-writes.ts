// Writes to authors: rename, delete (detaching from papers on request) and merge duplicates.
// Each is one immediate transaction (inWriteTransaction, which a caller's open write joins) that
// leaves author_metrics exact. None leaves an author without papers who was not created on
// purpose: detaching deletes the author it detaches, and a merge moves papers onto the survivor
// without taking any from it.
import { type Db } from './client';
import { refreshAuthorMetrics } from './author-metrics';
import { inWriteTransaction } from './paper-writes';

// Positions stay 1..n: shifting by a large offset and back never collides with the unique
// (paper_id, position) index nor with the position >= 1 check, whatever order rows update in.
const SHIFT = 1_000_000;

function closeGap(db: Db, paperId: number, position: number): void {
  db.sqlite.prepare('UPDATE authorships SET position = position + ? WHERE paper_id = ? AND position > ?').run(SHIFT, paperId, position);
  db.sqlite.prepare('UPDATE authorships SET position = position - ? WHERE paper_id = ? AND position > ?').run(SHIFT + 1, paperId, SHIFT);
}

export function updateAuthor(db: Db, authorId: number, changes: { name?: string; externalId?: string | null }): void {
  const sets = Object.entries({ name: changes.name, external_id: changes.externalId }).filter(([, v]) => v !== undefined);
  if (sets.length === 0) return;
  inWriteTransaction(db, () =>
    db.sqlite
      .prepare(`UPDATE authors SET ${sets.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`)
      .run(...sets.map(([, v]) => v), authorId),
  );
}

export interface DetachRefusal {
  /** Papers the author is the only author of: detaching would leave them without authors. */
  soleAuthorOf: number[];
}

/** Deletes an author; with `detach`, first removes them from their papers' author lists. */
export function deleteAuthor(db: Db, authorId: number, detach: boolean): { detachedPaperIds: number[] } | DetachRefusal | 'has-papers' {
  return inWriteTransaction(db, () => {
    const links = db.sqlite.prepare('SELECT paper_id AS paperId, position FROM authorships WHERE author_id = ?').all(authorId) as { paperId: number; position: number }[];
    if (links.length > 0 && !detach) return 'has-papers' as const;
    const soleAuthorOf = db.sqlite
      .prepare('SELECT paper_id FROM authorships WHERE paper_id IN (SELECT paper_id FROM authorships WHERE author_id = ?) GROUP BY paper_id HAVING COUNT(*) = 1')
      .pluck()
      .all(authorId) as number[];
    if (soleAuthorOf.length > 0) return { soleAuthorOf };
    const coauthors = db.sqlite
      .prepare('SELECT DISTINCT author_id FROM authorships WHERE paper_id IN (SELECT paper_id FROM authorships WHERE author_id = ?) AND author_id <> ?')
      .pluck()
      .all(authorId, authorId) as number[];
    for (const { paperId, position } of links) {
      db.sqlite.prepare('DELETE FROM authorships WHERE paper_id = ? AND author_id = ?').run(paperId, authorId);
      closeGap(db, paperId, position);
    }
    db.sqlite.prepare('DELETE FROM authors WHERE id = ?').run(authorId);
    // Co-authors' metrics do not depend on who else wrote a paper, but the refresh is cheap
    // and keeps the rule simple: every author a write touched is refreshed.
    refreshAuthorMetrics(db.sqlite, coauthors);
    return { detachedPaperIds: links.map((l) => l.paperId) };
  });
}

/**
 * Moves every authorship of `fromIds` to `intoId` (a paper that had both keeps one, at the
 * better position), keeps their names as aliases of the survivor, makes their ids resolve to it,
 * and deletes them.
 */
export function mergeAuthors(db: Db, intoId: number, fromIds: readonly number[]): void {
  inWriteTransaction(db, () => {
    const { sqlite } = db;
    for (const fromId of fromIds) {
      const links = sqlite.prepare('SELECT paper_id AS paperId, position FROM authorships WHERE author_id = ?').all(fromId) as { paperId: number; position: number }[];
      for (const { paperId, position } of links) {
        const mine = sqlite.prepare('SELECT position FROM authorships WHERE paper_id = ? AND author_id = ?').pluck().get(paperId, intoId) as number | undefined;
        if (mine === undefined) {
          sqlite.prepare('UPDATE authorships SET author_id = ? WHERE paper_id = ? AND author_id = ?').run(intoId, paperId, fromId);
          continue;
        }
        sqlite.prepare('DELETE FROM authorships WHERE paper_id = ? AND author_id = ?').run(paperId, fromId);
        if (position < mine) sqlite.prepare('UPDATE authorships SET position = ? WHERE paper_id = ? AND author_id = ?').run(position, paperId, intoId);
        closeGap(db, paperId, Math.max(position, mine));
      }
      const from = sqlite.prepare('SELECT name, external_id AS externalId, kept_without_papers AS kept FROM authors WHERE id = ?').get(fromId) as {
        name: string;
        externalId: string | null;
        kept: 0 | 1;
      };
      const addAlias = sqlite.prepare('INSERT OR IGNORE INTO author_aliases (author_id, name) VALUES (?, ?)');
      addAlias.run(intoId, from.name);
      for (const alias of sqlite.prepare('SELECT name FROM author_aliases WHERE author_id = ?').pluck().all(fromId) as string[]) addAlias.run(intoId, alias);
      sqlite.prepare('UPDATE author_redirects SET author_id = ? WHERE author_id = ?').run(intoId, fromId);
      sqlite.prepare('INSERT INTO author_redirects (old_id, author_id) VALUES (?, ?)').run(fromId, intoId);
      sqlite.prepare('DELETE FROM authors WHERE id = ?').run(fromId);
      // The survivor inherits an external id it lacks (the old row is gone, so it is free), and
      // is kept without papers if a profile created on purpose (createAuthor) went into it.
      if (from.externalId) sqlite.prepare('UPDATE authors SET external_id = ? WHERE id = ? AND external_id IS NULL').run(from.externalId, intoId);
      if (from.kept) sqlite.prepare('UPDATE authors SET kept_without_papers = 1 WHERE id = ?').run(intoId);
    }
    refreshAuthorMetrics(sqlite, [intoId]);
  });
}
