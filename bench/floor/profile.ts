// The profile page (examples/queries/author-profile.graphql, the README's query): the card, the 20 most cited papers, their
// first 3 authors. Five statements.
import type Database from 'better-sqlite3';
import { paperAuthorsReader } from './paper-authors';
import { categoryParts, fromGlobalId } from './shape';

interface Card {
  name: string;
  primaryCategory: string | null;
  hIndex: number;
  paperCount: number;
  citationCount: number;
  novelty: number | null;
  aiScore: number | null;
}

interface PaperRow {
  id: number;
  score: number;
  category: string | null;
  publishedAt: string;
  hasCode: number;
  codeUrl: string | null;
  title: string;
  abstract: string;
}

export function profilePage(sqlite: Database.Database) {
  const card = sqlite.prepare(`SELECT au.name AS name, m.primary_category AS primaryCategory,
      coalesce(m.h_index, 0) AS hIndex, coalesce(m.paper_count, 0) AS paperCount,
      coalesce(m.citation_count, 0) AS citationCount, m.novelty AS novelty, m.ai_score AS aiScore
    FROM authors au LEFT JOIN author_metrics m ON m.author_id = au.id WHERE au.id = ?`);
  const papers = sqlite.prepare(`SELECT p.id AS id, p.score AS score, p.category AS category, p.published_at AS publishedAt,
      p.has_code AS hasCode, p.code_url AS codeUrl, p.title AS title, p.abstract AS abstract
    FROM authorships s JOIN papers p ON p.id = s.paper_id
    WHERE s.author_id = ? ORDER BY p.citation_count DESC, p.id DESC LIMIT 20`);
  const paperCount = sqlite.prepare('SELECT COUNT(*) FROM authorships WHERE author_id = ?').pluck();
  const authors = paperAuthorsReader(sqlite, 3);

  return ({ id }: { id: string }) => {
    const authorId = fromGlobalId(id)!.rowId;
    const author = card.get(authorId) as Card | undefined;
    if (!author) return { author: null };
    const rows = papers.all(authorId) as PaperRow[];
    const ids = rows.map((p) => p.id);
    const pages = authors.pages(ids);
    const counts = authors.counts(ids);
    const category = author.primaryCategory === null ? null : categoryParts(author.primaryCategory);
    return {
      author: {
        name: author.name,
        primaryCategory: category && { code: category.code, subjectClass: category.subjectClass, name: category.name },
        hIndex: author.hIndex,
        paperCount: author.paperCount,
        citationCount: author.citationCount,
        novelty: author.novelty,
        aiScore: author.aiScore,
        papers: {
          totalCount: paperCount.get(authorId) as number,
          nodes: rows.map((p, i) => {
            const parts = p.category === null ? null : categoryParts(p.category);
            return {
              score: p.score,
              arxivCategory: parts && { code: parts.code, subjectClass: parts.subjectClass },
              publishedAt: p.publishedAt,
              hasCode: p.hasCode === 1,
              codeUrl: p.codeUrl,
              title: p.title,
              authors: { totalCount: counts.get(p.id) ?? 0, nodes: pages[i].map((a) => ({ name: a.name })) },
              abstract: p.abstract,
            };
          }),
        },
      },
    };
  };
}
