// The rules a paper must meet to be written through the API, stricter than the database's
// CHECKs (which stay as the last line): no dates in the future, bounded texts, finite numbers.
import { z } from 'zod';
import { line, prose } from './text';

export const MAX_AUTHORS = 500;
// 2 to 40 characters, as the papers table's CHECK (papers_category_arxiv_form) wants.
const ARXIV_CATEGORY = /^(?=.{2,40}$)[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const isoDate = z
  .union([z.date(), z.string()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), {
    message: 'must be a real date, YYYY-MM-DD',
  })
  .refine((value) => value <= today(), { message: 'must not be in the future' });

const httpUrl = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const paperFieldsSchema = z.object({
  externalId: line(200).nullish(),
  title: line(1000),
  abstract: prose(20_000).default(''),
  // A paper may have no arXiv category (its subject then comes from OpenAlex, or it has none).
  category: z.string().regex(ARXIV_CATEGORY, 'must be an arXiv category code such as cs.LG or hep-th, or null').nullish(),
  publishedAt: isoDate,
  score: z.number().finite().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').default(0),
  novelty: z.number().finite().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullish(),
  aiScore: z.number().finite().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').nullish(),
  citationCount: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000_000, 'must be at most 1000000000').default(0),
  hasCode: z.boolean().nullish(),
  codeUrl: httpUrl.nullish(),
});

/** A paper's fields with the rule that a code URL means the paper has code. */
export const newPaperSchema = paperFieldsSchema
  .refine((p) => !(p.codeUrl && p.hasCode === false), { message: 'a paper with a codeUrl has code: leave hasCode out or set it true', path: ['hasCode'] })
  .transform((p) => ({
    ...p,
    externalId: p.externalId ?? null,
    category: p.category ?? null,
    novelty: p.novelty ?? null,
    aiScore: p.aiScore ?? null,
    codeUrl: p.codeUrl ?? null,
    hasCode: p.hasCode ?? p.codeUrl != null,
  }));

export const paperChangesSchema = paperFieldsSchema.partial();

/** An entry of an author list: an existing author by id, or a new one by name. */
export const authorRefSchema = z
  .object({ id: z.string().nullish(), name: line(300).nullish() })
  .refine((a) => (a.id == null) !== (a.name == null), { message: 'give exactly one of id and name' });

export const authorListSchema = z
  .array(authorRefSchema)
  .min(1, 'must name at least one author')
  .max(MAX_AUTHORS, `must have at most ${MAX_AUTHORS} authors`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((a, i) => {
      // An entry with neither (or both) is refused by authorRefSchema; it names no one to compare.
      const key = a.id != null ? `id:${a.id}` : a.name != null ? `name:${a.name.toLowerCase()}` : null;
      if (key === null) return;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'names an author already in the list', path: [i] });
      seen.add(key);
    });
  });
