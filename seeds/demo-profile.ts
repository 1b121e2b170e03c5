// Writes the demo author profile (seeds/demo-profile.json) into a migrated database, in one
// transaction: either the whole profile is there or none of it.
import fs from 'node:fs';
import path from 'node:path';
import { type Db } from '../src/store/sqlite/client';
import { type PaperFields } from '../src/store/sqlite/records';
import { authors, authorships, papers } from '../src/store/sqlite/schema';
import { refreshAuthorMetrics } from '../src/store/sqlite/author-metrics';

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

export function writeDemoProfile(db: Db, profile: DemoProfile = readDemoProfile()): { papers: number; authors: number } {
  return db.orm.transaction((tx) => {
    const authorIds = new Map<string, number>();
    for (const paper of profile.papers) {
      const { authors: names, ...fields } = paper;
      const [{ id: paperId }] = tx.insert(papers).values(fields).returning({ id: papers.id }).all();
      names.forEach((name, index) => {
        let authorId = authorIds.get(name);
        if (authorId === undefined) {
          authorId = tx.insert(authors).values({ name }).returning({ id: authors.id }).all()[0].id;
          authorIds.set(name, authorId);
        }
        tx.insert(authorships).values({ paperId, authorId, position: index + 1 }).run();
      });
    }
    refreshAuthorMetrics(db.sqlite, authorIds.values());
    return { papers: profile.papers.length, authors: authorIds.size };
  });
}
