// The write of the write mix (bench/workloads/upsert.graphql): the key checked, the input
// validated with the API's own zod schema, the paper written by the API's own service (one
// transaction that also refreshes the authors' metrics), then read back.
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { hashApiKey } from '../../src/auth/keys';
import { type Db } from '../../src/store/sqlite/client';
import * as schema from '../../src/store/sqlite/schema';
import { upsertPaper } from '../../src/store/sqlite/paper-writes';
import { newPaperSchema } from '../../src/validation/paper-input';
import { paperAuthorsReader } from './paper-authors';
import { fromGlobalId, toGlobalId } from './shape';

export class FloorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Input {
  authors: { id: string }[];
  [field: string]: unknown;
}

export function upsertWrite(sqlite: Database.Database, statements: Db['statements']) {
  const db: Db = { sqlite, orm: drizzle(sqlite, { schema }), statements, close: () => sqlite.close() };
  const key = sqlite.prepare('SELECT role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').pluck();
  const authorExists = sqlite.prepare('SELECT 1 FROM authors WHERE id = ?').pluck();
  const paper = sqlite.prepare('SELECT external_id AS externalId, title, citation_count AS citationCount FROM papers WHERE id = ?');
  const authors = paperAuthorsReader(sqlite, 5);

  return ({ input }: { input: Input }, authorization: string | undefined) => {
    const role = authorization?.startsWith('Bearer ') ? (key.get(hashApiKey(authorization.slice(7))) as string | undefined) : undefined;
    if (role !== 'writer' && role !== 'admin') throw new FloorError(401, 'a writer key is needed');
    const { authors: refs, ...fields } = input;
    const parsed = newPaperSchema.safeParse(fields);
    if (!parsed.success) throw new FloorError(400, parsed.error.message);
    const authorIds = refs.map((ref) => fromGlobalId(ref.id)?.rowId ?? 0);
    const result = sqlite
      .transaction(() => {
        if (authorIds.some((id) => !authorExists.get(id))) throw new FloorError(400, 'unknown author');
        return upsertPaper(db, parsed.data as typeof parsed.data & { externalId: string }, authorIds);
      })
      .immediate();
    const row = paper.get(result.paperId) as { externalId: string; title: string; citationCount: number };
    const ids = [result.paperId];
    return {
      upsertPaper: {
        paper: {
          id: toGlobalId('Paper', result.paperId),
          ...row,
          authors: {
            totalCount: authors.counts(ids).get(result.paperId) ?? 0,
            nodes: authors.pages(ids)[0].map((a) => ({ id: toGlobalId('Author', a.id), name: a.name })),
          },
        },
      },
    };
  };
}
