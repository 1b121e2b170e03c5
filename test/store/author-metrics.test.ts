// author_metrics stays equal to a recomputation from scratch, whatever sequence of writes ran.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';
import { type PaperFields } from '../../src/store/sqlite/records';
import { authorMetrics, type AuthorMetrics, type PaperFacts } from '../../src/metrics';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';
import { deletePaper, insertAuthor, insertPaper, replacePaperAuthors, updatePaper } from '../../src/store/sqlite/paper-writes';
import { tempDir } from '../support/server';

const CATEGORIES = ['cs.LG', 'cs.CV', 'cs.AI', 'stat.ML'];

const paperFields = fc.record({
  citationCount: fc.nat(60),
  novelty: fc.option(fc.integer({ min: 0, max: 100 }).map((n) => n / 100)),
  aiScore: fc.option(fc.integer({ min: 0, max: 100 })),
  category: fc.constantFrom(...CATEGORIES),
  publishedAt: fc.date({ min: new Date('2015-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
});

// Indices pick among the rows that exist when the step runs (modulo their number).
const step = fc.oneof(
  fc.record({ op: fc.constant('author' as const) }),
  fc.record({ op: fc.constant('paper' as const), fields: paperFields, authors: fc.uniqueArray(fc.nat(30), { minLength: 1, maxLength: 5 }) }),
  fc.record({ op: fc.constant('update' as const), paper: fc.nat(), changes: paperFields.chain((f) => fc.subarray(Object.keys(f)).map((keys) => Object.fromEntries(keys.map((k) => [k, (f as any)[k]])))) }),
  fc.record({ op: fc.constant('authors' as const), paper: fc.nat(), authors: fc.uniqueArray(fc.nat(30), { maxLength: 5 }) }),
  fc.record({ op: fc.constant('delete' as const), paper: fc.nat() }),
);

function stored(db: Db): Map<number, AuthorMetrics> {
  const rows = db.sqlite
    .prepare(
      `SELECT author_id AS id, paper_count AS paperCount, citation_count AS citationCount, h_index AS hIndex, i10_index AS i10Index,
              g_index AS gIndex, novelty, ai_score AS aiScore, primary_category AS primaryCategory, primary_topic_id AS primaryTopicId,
              primary_subfield_id AS primarySubfieldId, primary_field_id AS primaryFieldId, primary_domain_id AS primaryDomainId FROM author_metrics`,
    )
    .all() as (AuthorMetrics & { id: number })[];
  return new Map(rows.map(({ id, ...m }) => [id, m]));
}

function fromScratch(db: Db): Map<number, AuthorMetrics> {
  const ids = db.sqlite.prepare('SELECT id FROM authors').pluck().all() as number[];
  const facts = db.sqlite
    .prepare(
      `SELECT s.author_id AS authorId, p.citation_count AS citationCount, p.novelty, p.ai_score AS aiScore, p.category, p.published_at AS publishedAt,
              p.topic_id AS topicId, t.subfield_id AS subfieldId, t.field_id AS fieldId, t.domain_id AS domainId
         FROM authorships s JOIN papers p ON p.id = s.paper_id LEFT JOIN openalex_topics t ON t.id = p.topic_id`,
    )
    .all() as (PaperFacts & { authorId: number })[];
  return new Map(ids.map((id) => [id, authorMetrics(facts.filter((f) => f.authorId === id))]));
}

describe('author_metrics', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let run = 0;

  it('equals a recomputation from scratch after any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const db = openDatabase(path.join(dir, `run-${(run += 1)}.db`));
        try {
          migrateDatabase(db);
          const authorIds = [insertAuthor(db, 'First Author')];
          const paperIds: number[] = [];
          const pickAuthors = (picks: number[]) => [...new Set(picks.map((i) => authorIds[i % authorIds.length]))];
          for (const s of steps) {
            if (s.op === 'author') authorIds.push(insertAuthor(db, `Author ${authorIds.length}`));
            if (s.op === 'paper') {
              const fields: PaperFields = { externalId: null, title: 'T', abstract: '', score: 1, hasCode: false, codeUrl: null, ...s.fields };
              paperIds.push(insertPaper(db, fields, pickAuthors(s.authors)));
            }
            if (paperIds.length === 0) continue;
            const paper = paperIds[(s as { paper: number }).paper % paperIds.length];
            if (s.op === 'update') updatePaper(db, paper, s.changes);
            if (s.op === 'authors') replacePaperAuthors(db, paper, pickAuthors(s.authors));
            if (s.op === 'delete') {
              deletePaper(db, paper);
              paperIds.splice(paperIds.indexOf(paper), 1);
            }
          }
          const expected = fromScratch(db);
          expect(stored(db)).toEqual(expected);
          refreshAllAuthorMetrics(db.sqlite);
          expect(stored(db)).toEqual(expected);
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
