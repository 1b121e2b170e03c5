// An author's metrics computed from scratch from the raw tables, with the pure functions: what
// the materialized author_metrics must equal.
import type Database from 'better-sqlite3';
import { authorMetrics, type AuthorMetrics, type PaperFacts } from '../../src/metrics';

export function metricsFromScratch(sqlite: Database.Database, authorName: string): AuthorMetrics {
  const facts = sqlite
    .prepare(`SELECT p.citation_count AS citationCount, p.novelty, p.ai_score AS aiScore, p.category, p.published_at AS publishedAt
                FROM papers p JOIN authorships s ON s.paper_id = p.id JOIN authors a ON a.id = s.author_id WHERE a.name = ?`)
    .all(authorName) as PaperFacts[];
  return authorMetrics(facts);
}
