// A generated paper as one line of the arXiv metadata snapshot (the format `npm run import` reads),
// so that the importer can be measured on files of any size: `npm run generate -- --out FILE`.
// Only what the snapshot has survives the trip: scores, novelty and citation counts do not.
import { type GeneratedPaper } from './generate-corpus';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-10" -> "Mon, 10 Mar 2025 12:00:00 GMT", as in the snapshot's versions[].created. */
function rfc2822(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} 12:00:00 GMT`;
}

/** "Mira K. Holsen" -> ["Holsen", "Mira K.", ""]: the snapshot's authors_parsed entry. */
function parsedName(name: string): [string, string, string] {
  const parts = name.split(' ');
  const last = parts.pop() ?? name;
  return [last, parts.join(' '), ''];
}

export function toArxivSnapshotLine(paper: GeneratedPaper): string {
  const names = paper.authors.map((author) => author.name);
  return JSON.stringify({
    id: paper.externalId,
    submitter: names[0] ?? null,
    authors: names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? ''),
    title: paper.title,
    comments: null,
    'journal-ref': null,
    doi: null,
    'report-no': null,
    categories: paper.category,
    license: null,
    abstract: paper.abstract,
    versions: [{ version: 'v1', created: rfc2822(paper.publishedAt) }],
    update_date: paper.publishedAt,
    authors_parsed: paper.authors.map((author) => parsedName(author.name)),
  });
}
