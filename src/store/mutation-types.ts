// The API's writes (the createPaper, upsertPaper, ... mutations), each one transaction that also
// checks what the write stands on (the authors it names exist, the paper exists, the external ids
// resolve), so that an author or paper deleted meanwhile is refused rather than linked. What a
// write refuses comes back as a value for the caller to word; the engine's errors stay inside.
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/mutation-store.ts.
import { type PaperFields } from './types';

/**
 * An entry of an author list, in list order: an existing author's row id; a name (the author at
 * the same place of the paper's stored list when the names agree once normalized, else a new
 * author); or null for an id that is no author's (another type's), refused like a missing author.
 */
export type AuthorListEntry = number | { name: string } | null;

/** The write would give a row an external id another row has (they are unique). */
export interface DuplicateExternalId {
  kind: 'duplicate';
  field: 'externalId';
}

/** Entries of the author list (0-based, in list order) that name no existing author; nothing was written. */
export interface MissingAuthors {
  kind: 'missing-authors';
  positions: number[];
}

export interface NoSuchPaper {
  kind: 'no-such-paper';
}

export interface NoSuchAuthor {
  kind: 'no-such-author';
}

/** A paper written, and the authors whose metrics the write refreshed (they still exist). */
export interface PaperWritten {
  kind: 'written';
  paperId: number;
  created: boolean;
  authorIds: number[];
}

/** A paper by row id or by external id. */
export type PaperLookup = { id: number } | { externalId: string };

export interface CitationCountItem {
  /** What the paper is looked up by; null when the item names no paper to look up. */
  paper: PaperLookup | null;
  citationCount: number;
  /** The caller found the item invalid: it is looked up all the same (for the caller's answer), and nothing is written. */
  refused?: boolean;
}

export type CitationCountsOutcome =
  /** Every count written; the papers in item order, and their authors, whose metrics were refreshed. */
  | { kind: 'updated'; paperIds: number[]; authorIds: number[] }
  /** Nothing written: an item was refused or names no stored paper; `found` says, per item, whether its paper was found. */
  | { kind: 'refused'; found: boolean[] };

export type DeleteAuthorOutcome =
  | { kind: 'deleted'; detachedPaperIds: number[] }
  | NoSuchAuthor
  /** The author has papers and `detach` was false. */
  | { kind: 'has-papers' }
  /** Detaching would leave these papers without authors. */
  | { kind: 'sole-author'; paperIds: number[] };

export type MergeAuthorsOutcome =
  /** The authors merged away: `from`, each once, in the order given. */
  | { kind: 'merged'; fromIds: number[] }
  /** The first author, in the order into then from, that does not exist (a null entry of `from` included). */
  | { kind: 'no-such-author'; of: 'into' }
  | { kind: 'no-such-author'; of: 'from'; position: number }
  /** `from` names `into`. */
  | { kind: 'into-among-from' };

export interface MutationStore {
  /** A new paper; names in its author list are new authors. */
  createPaper(fields: PaperFields, authors: readonly AuthorListEntry[]): Promise<PaperWritten | MissingAuthors | DuplicateExternalId>;
  /** The paper with this external id created, or what differs written (a replay writes nothing and refreshes no one). */
  upsertPaper(fields: PaperFields & { externalId: string }, authors: readonly AuthorListEntry[]): Promise<PaperWritten | MissingAuthors | DuplicateExternalId>;
  /** The fields given, and the author list when not null; checked in that order: the paper, then the authors. */
  updatePaper(
    paperId: number,
    changes: Partial<PaperFields>,
    authors: readonly AuthorListEntry[] | null,
  ): Promise<PaperWritten | NoSuchPaper | MissingAuthors | DuplicateExternalId>;
  /** The paper and its authorships; `authorIds`: its former authors that remain, metrics refreshed. */
  deletePaper(paperId: number): Promise<{ kind: 'deleted'; authorIds: number[] } | NoSuchPaper>;
  /** New citation counts, every item written or none. */
  updateCitationCounts(items: readonly CitationCountItem[]): Promise<CitationCountsOutcome>;
  /** An author created on purpose: kept while they have no paper. */
  createAuthor(name: string, externalId: string | null): Promise<{ kind: 'created'; authorId: number } | DuplicateExternalId>;
  /** The name and external id given (undefined: kept). */
  updateAuthor(authorId: number, changes: { name?: string; externalId?: string | null }): Promise<{ kind: 'updated' } | NoSuchAuthor | DuplicateExternalId>;
  /** Deletes an author; with `detach`, first removes them from their papers' author lists. */
  deleteAuthor(authorId: number, detach: boolean): Promise<DeleteAuthorOutcome>;
  /**
   * Folds `from` into `into`: their papers move to it, their names stay as aliases, their ids
   * resolve to it. A null entry of `from` is an id that names no author.
   */
  mergeAuthors(intoId: number, fromIds: readonly (number | null)[]): Promise<MergeAuthorsOutcome>;
}
