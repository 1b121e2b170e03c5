// Whether the database can serve this build: it answers, and every migration the build ships
// (drizzle-kit's journal) is recorded in drizzle's __drizzle_migrations table.
import fs from 'node:fs';
import path from 'node:path';
import { type Store } from '../store';

export interface ShippedMigration {
  tag: string;
  /** drizzle-kit's timestamp, which the migrator stores as `created_at` of an applied migration. */
  when: number;
}

export type Readiness =
  | { ready: true; pendingAuthorMetrics: number; pendingNovelty: number; suspendedIndexes: number }
  | { ready: false; reason: string; pendingMigrations?: string[] };

// Works from src/ops (tsx, ts-jest) and from dist/src/ops (compiled) alike, as in db/client.ts.
function findMigrationsFolder(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No migrations folder above ${__dirname}`);
  }
}

export function shippedMigrations(folder: string = findMigrationsFolder()): ShippedMigration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: ShippedMigration[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/**
 * Ready when the database has every shipped migration. A bulk load left half done (papers whose
 * novelty waits in novelty_pending and authors whose metrics wait in author_metrics_pending, which
 * a start finishes in the background: src/novelty/background.ts; search triggers or indexes
 * parked in search_index_suspended) does not stop reads, so it is reported, not refused. Rejects
 * with what the database throws when it does not answer.
 */
export async function readiness(store: Store, shipped: readonly ShippedMigration[]): Promise<Readiness> {
  const applied = new Set(await store.appliedMigrations());
  const pending = shipped.filter((m) => !applied.has(m.when)).map((m) => m.tag);
  if (pending.length > 0) {
    return {
      ready: false,
      reason: `${pending.length} of ${shipped.length} migrations are not applied to the database; a restart of the server applies them`,
      pendingMigrations: pending,
    };
  }
  return { ready: true, ...(await store.pendingWork()) };
}
