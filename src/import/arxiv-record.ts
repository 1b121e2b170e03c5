// One line of the arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json") mapped to
// the fields of a paper and its author list. Throws RecordError with a reason a person can act on.
import { parseObjectLine, RecordError, type MappedAuthor, type MappedRecord } from './record';
import { authorKey, cleanName, cleanText, normalizeDoi } from '../domain/text';

export { RecordError, type MappedAuthor, type MappedRecord } from './record';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const CATEGORY = /^[a-z][a-zA-Z.-]{1,39}$/;

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** "Mon, 2 Apr 2007 19:18:42 GMT" -> "2007-04-02" (the date as written: arXiv stamps are GMT). */
export function rfc2822Date(text: string): string | null {
  const m = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\b/.exec(text);
  if (!m) return null;
  const month = MONTHS[m[2].toLowerCase()];
  return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
}

export function ymdDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function publishedAt(record: Record<string, unknown>): string {
  const versions = record.versions;
  if (Array.isArray(versions) && versions.length > 0) {
    const created = (versions[0] as { created?: unknown } | null)?.created;
    if (typeof created === 'string') {
      const date = rfc2822Date(created);
      if (date) return date;
    }
  }
  if (typeof record.update_date === 'string') {
    const date = ymdDate(record.update_date);
    if (date) return date;
  }
  throw new RecordError('no valid date in versions[0].created or update_date');
}

function namesFromParsed(parsed: unknown): string[] | null {
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  const names: string[] = [];
  for (const entry of parsed) {
    if (!Array.isArray(entry)) return null;
    // [last, first, suffix, affiliation...]: the affiliation is not part of the name.
    const [last, first, suffix] = entry.map((part) => (typeof part === 'string' ? cleanName(part) : ''));
    names.push([first, last, suffix].filter((part) => part).join(' '));
  }
  return names;
}

function namesFromString(authors: unknown): string[] {
  if (typeof authors !== 'string') return [];
  return authors
    .replace(/\([^()]*\)/g, ' ') // affiliations: "A. Author (Univ. X)"
    .split(/\s*,\s*|\s+and\s+/)
    .map((name) => cleanName(name.replace(/^and\s+/, '')));
}

export function authorList(record: Record<string, unknown>): MappedAuthor[] {
  const names = namesFromParsed(record.authors_parsed) ?? namesFromString(record.authors);
  const seen = new Set<string>();
  const authors: MappedAuthor[] = [];
  for (const name of names) {
    const key = authorKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    authors.push({ name, key });
  }
  return authors;
}

/** Parses and maps one line; throws RecordError (or SyntaxError for broken JSON). */
export function mapArxivLine(line: string): MappedRecord {
  const r = parseObjectLine(line);
  const externalId = typeof r.id === 'string' ? r.id.trim() : typeof r.id === 'number' ? String(r.id) : '';
  if (!externalId) throw new RecordError('missing id');
  const title = typeof r.title === 'string' ? cleanText(r.title) : '';
  if (!title) throw new RecordError('missing title');
  if (title.length > 1000) throw new RecordError(`title longer than 1000 characters (${title.length})`);
  const category = typeof r.categories === 'string' ? (r.categories.trim().split(/\s+/)[0] ?? '') : '';
  if (!CATEGORY.test(category)) throw new RecordError(category ? `bad category "${category}"` : 'missing categories');
  return {
    fields: {
      externalId,
      title,
      abstract: typeof r.abstract === 'string' ? cleanText(r.abstract) : '',
      category,
      arxivId: externalId.replace(/v\d+$/, ''),
      // The journal DOI an author gave, if any (several are separated by spaces: the first).
      doi: typeof r.doi === 'string' ? normalizeDoi(r.doi.trim().split(/\s+/)[0]) : null,
      publishedAt: publishedAt(r),
      score: 0,
      novelty: null,
      aiScore: null,
      citationCount: 0,
      hasCode: false,
      codeUrl: null,
    },
    authors: authorList(r),
  };
}
