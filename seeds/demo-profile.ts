// Writes the demo author profile (seeds/demo-profile.json) into a migrated database through the
// one write path for papers (src/store/sqlite/paper-writer), as a load of new papers with people
// of its own: one author per name. The papers are one transaction: either the whole profile is
// there or none of it (a start killed before the metrics finishes them, as after a killed import).
import fs from 'node:fs';
import path from 'node:path';
import { type Db } from '../src/store/sqlite/client';
import { type PaperFields } from '../src/store/sqlite/records';
import { openPaperWrites } from '../src/store/sqlite/paper-writer';
import type { Store } from '../src/store';
import type { NumberedRecord } from '../src/store/write-types';

export interface DemoPaper extends PaperFields {
  /** Names in author-list order. */
  authors: string[];
}

export interface DemoProfile {
  profileAuthor: string;
  papers: DemoPaper[];
}

export function readDemoProfile(): DemoProfile {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'demo-profile.json'), 'utf8')) as DemoProfile;
}

/**
 * The profile as records of the one write path: a load of new papers with people of its own (one
 * author per name). Its scores, novelty among them, are as given: a paper without one is scored
 * by the start that seeds it (markMissingNoveltyPending), with the corpus beside it.
 */
export function demoRecords(profile: DemoProfile = readDemoProfile()): NumberedRecord[] {
  return profile.papers.map(({ authors: names, ...fields }, i) => ({
    line: i + 1,
    record: { fields: fields as PaperFields & { externalId: string }, authors: names.map((name) => ({ name, key: name })), knows: 'all' as const },
  }));
}

/** The same load through any engine's store (PostgreSQL's start): one batch, then the metrics. */
export async function writeDemoProfileTo(store: Store, profile: DemoProfile = readDemoProfile()): Promise<{ papers: number; authors: number }> {
  const writes = await store.openPaperWrites({ match: 'none', authors: 'load' });
  const { added, skipped } = await writes.write(demoRecords(profile));
  if (skipped.length > 0) throw new Error(`the demo profile did not load: ${skipped[0].reason}`);
  await writes.finish({ scoreNovelty: false });
  return { papers: added, authors: new Set(profile.papers.flatMap((paper) => paper.authors)).size };
}

export function writeDemoProfile(db: Db, profile: DemoProfile = readDemoProfile()): { papers: number; authors: number } {
  const writes = openPaperWrites(db, { match: 'none', authors: 'load' });
  const records = demoRecords(profile);
  const { added, skipped } = writes.writeBatch(records);
  if (skipped.length > 0) throw new Error(`the demo profile did not load: ${skipped[0].reason}`);
  writes.finish({ scoreNovelty: false });
  return { papers: added, authors: new Set(profile.papers.flatMap((paper) => paper.authors)).size };
}
