// The SELECT lists that read rows as the store's records (../types): every column aliased to its
// camelCase key, quoted ("externalId"), from the tables of ./schema, so that a column added there
// reaches every read. PostgreSQL's booleans, integers and doubles arrive as JavaScript's; counts
// and sums (bigint, numeric) as numbers (./db.ts).
import { getTableColumns, type Table } from 'drizzle-orm';
import { authorMetrics, authors, openalexTopics, papers } from './schema';

function selectList<T extends Table>(table: T, leftOut: readonly string[], alias: string): string {
  return Object.entries(getTableColumns(table))
    .filter(([key]) => !leftOut.includes(key))
    .map(([key, column]) => `${alias}.${column.name} AS "${key}"`)
    .join(', ');
}

/** authors AS au, as AuthorRecord (id, name, externalId). */
export const AUTHOR_COLUMNS = selectList(authors, ['keptWithoutPapers', 'searchVector'], 'au');

/** papers AS p, as PaperRecord. */
export const PAPER_COLUMNS = selectList(papers, ['noveltyKey', 'searchVector'], 'p');

/** author_metrics AS m, as StoredAuthorMetrics (changedAt included). */
export const STORED_METRICS_COLUMNS = selectList(authorMetrics, ['authorId', 'noveltyKey'], 'm');

/** openalex_topics AS t, as TopicRecord. */
export const TOPIC_COLUMNS = selectList(openalexTopics, [], 't');
