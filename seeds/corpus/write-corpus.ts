// Streams a generated corpus into a migrated database, next to whatever it already holds.
import { type Db } from '../../src/store/sqlite/client';
import { refreshAuthorMetrics } from '../../src/store/sqlite/author-metrics';
import { generateCorpus, type GeneratedPaper } from './generate-corpus';

export interface WriteCorpusOptions {
  papers: number;
  seed: number;
  // Called after each committed batch with the number of papers written so far.
  onProgress?: (done: number) => void;
}

export interface CorpusCounts {
  papers: number;
  authors: number;
  authorships: number;
}

// Each commit rewrites every index page it dirtied, and the title/score/... indexes are hit at
// random: 20,000 papers per transaction loads a million papers about 20% faster than 5,000,
// while the batch (~30 MB) stays small and progress still moves every second or two.
const BATCH_SIZE = 20_000;

export function writeCorpus(db: Db, options: WriteCorpusOptions): CorpusCounts {
  const { sqlite } = db;
  const insertPaper = sqlite.prepare(
    `INSERT INTO papers (external_id, title, abstract, category, published_at, score, novelty,
       ai_score, citation_count, has_code, code_url)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAuthor = sqlite.prepare('INSERT INTO authors (name) VALUES (?)');
  const insertAuthorship = sqlite.prepare(
    'INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)',
  );

  // Papers already present (the demo profile, an earlier corpus) keep their arXiv ids; the
  // generator numbers around them instead of failing on the unique index.
  const takenExternalIds = new Set(
    sqlite
      .prepare("SELECT external_id FROM papers WHERE external_id GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9][0-9]'")
      .pluck()
      .all() as string[],
  );

  // Generated author keys are dense and 0-based, so an array serves as the key -> row id map.
  const authorIds: number[] = [];
  const counts: CorpusCounts = { papers: 0, authors: 0, authorships: 0 };

  const insertBatch = sqlite.transaction((batch: readonly GeneratedPaper[]) => {
    for (const p of batch) {
      const paperId = Number(
        insertPaper.run(
          p.externalId, p.title, p.abstract, p.category, p.publishedAt, p.score, p.novelty,
          p.aiScore, p.citationCount, p.hasCode ? 1 : 0, p.codeUrl,
        ).lastInsertRowid,
      );
      p.authors.forEach((author, i) => {
        let authorId = authorIds[author.key];
        if (authorId === undefined) {
          authorId = Number(insertAuthor.run(author.name).lastInsertRowid);
          authorIds[author.key] = authorId;
          counts.authors++;
        }
        insertAuthorship.run(paperId, authorId, i + 1);
      });
      counts.authorships += p.authors.length;
    }
    counts.papers += batch.length;
  });

  // A generated corpus can be regenerated, so durability per commit is not worth its fsyncs.
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  // The papers indexes on title, score, ... take inserts at random places: once they outgrow the
  // default 2 MB page cache nearly every insert misses, which made a million papers 50% slower.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -262144'); // 256 MB
  try {
    let batch: GeneratedPaper[] = [];
    for (const paper of generateCorpus({ papers: options.papers, seed: options.seed, takenExternalIds })) {
      batch.push(paper);
      if (batch.length === BATCH_SIZE) {
        insertBatch(batch);
        batch = [];
        options.onProgress?.(counts.papers);
      }
    }
    if (batch.length > 0) {
      insertBatch(batch);
      options.onProgress?.(counts.papers);
    }
    // Metrics in bulk, once, for the authors this load created (it links no one else): a
    // refresh per batch re-read every prolific author's history fifty times and made a million
    // papers take ten minutes instead of two. A load stopped halfway is to be run again anyway.
    sqlite.transaction(() => refreshAuthorMetrics(sqlite, authorIds.filter((id) => id !== undefined)))();
  } finally {
    sqlite.pragma(`synchronous = ${synchronous}`);
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  return counts;
}
