// A subject as a client names it in a filter or a leaderboard: an arXiv category code (cs.LG,
// hep-th), an OpenAlex id at any level of its hierarchy (domains/3, fields/19, subfields/1907,
// T10965, with or without https://openalex.org/), or the English name of an OpenAlex subject
// (Geology, Earth and Planetary Sciences), any case. Pure: the SQL that matches each kind lives
// with the filters (src/pagination).
import { ARXIV_CATEGORY_NAMES } from './arxiv-categories';

export type Taxonomy = 'ARXIV' | 'OPENALEX';
/** CATEGORY is arXiv's only level; the rest are OpenAlex's, broadest first. */
export type SubjectLevel = 'CATEGORY' | 'DOMAIN' | 'FIELD' | 'SUBFIELD' | 'TOPIC';
export type OpenAlexLevel = Exclude<SubjectLevel, 'CATEGORY'>;

export type SubjectRef =
  | { kind: 'arxiv'; code: string }
  | { kind: 'openalex'; level: OpenAlexLevel; id: string }
  /** A name of an OpenAlex subject at any level; `code` when it could also be an arXiv code (an unknown one). */
  | { kind: 'name'; name: string; code: string | null };

export const MAX_SUBJECT_LENGTH = 200;

const ARXIV_FORM = /^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/;
const OPENALEX_PREFIX = /^https?:\/\/openalex\.org\//i;
const LEVEL_BY_PATH: Readonly<Record<string, OpenAlexLevel>> = { domains: 'DOMAIN', fields: 'FIELD', subfields: 'SUBFIELD' };

/** The level of an OpenAlex subject id in short form; null when it is not one. */
export function openAlexLevelOf(id: string): OpenAlexLevel | null {
  if (/^T\d+$/.test(id)) return 'TOPIC';
  const m = /^(domains|fields|subfields)\/\d+$/.exec(id);
  return m ? LEVEL_BY_PATH[m[1]] : null;
}

/** What a subject argument names; throws nothing: an unknown name simply matches no paper. */
export function parseSubject(text: string): SubjectRef {
  const trimmed = text.trim();
  const short = trimmed.replace(OPENALEX_PREFIX, '');
  const level = openAlexLevelOf(short);
  if (level) return { kind: 'openalex', level, id: short };
  if (ARXIV_FORM.test(trimmed)) {
    // Known codes are arXiv's; an unknown lowercase word (geology) may be either.
    return trimmed in ARXIV_CATEGORY_NAMES || trimmed.includes('.') ? { kind: 'arxiv', code: trimmed } : { kind: 'name', name: trimmed, code: trimmed };
  }
  return { kind: 'name', name: trimmed, code: null };
}

/** Why a subject argument cannot be one (blank, too long, control characters); null when it can. */
export function subjectProblem(text: string): string | null {
  if (text.trim() === '') return 'is blank';
  if (text.length > MAX_SUBJECT_LENGTH) return `is longer than ${MAX_SUBJECT_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'holds a control character';
  return null;
}

export const SUBJECT_HELP =
  'give an arXiv category code (cs.LG, hep-th), an OpenAlex subject id (subfields/1907, fields/19, domains/3, T10965) or an OpenAlex subject name (Geology)';
