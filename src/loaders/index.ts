// One loader set per request: batching and caching last exactly as long as one answer.
import type DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { type PaperRecord } from '../db/records';
import { filterKey, type PaperFilter } from '../pagination/paper-filter';
import { authorByExternalIdLoader, authorByIdLoader, authorMetricsLoader } from './author.loader';
import { authorPaperCountLoader, authorPapersLoader, type ListArgs } from './author-papers.loader';
import { coauthorCountLoader, coauthorsLoader, type CoauthorArgs } from './coauthors.loader';
import { paperAuthorCountLoader, paperAuthorsLoader, type PositionArgs } from './paper-authors.loader';
import { paperByExternalIdLoader, paperByIdLoader } from './paper.loader';
import { authorYearsLoader, paperStatsLoader, type PaperSetScope } from './paper-stats.loader';
import { hCoreLoader, noveltyPointsLoader } from './author-window.loader';
import { noveltyExplanationLoader } from './novelty.loader';
import { subjectNameLoader, topicByIdLoader } from './subject.loader';

/** A loader per distinct argument set: the same field with other arguments is another batch. */
function perArgs<A, L>(make: (args: A) => L, keyOf: (args: A) => string): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const key = keyOf(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

export function createLoaders(sqlite: Database.Database) {
  return {
    authorById: authorByIdLoader(sqlite),
    paperById: paperByIdLoader(sqlite),
    authorByExternalId: authorByExternalIdLoader(sqlite),
    paperByExternalId: paperByExternalIdLoader(sqlite),
    authorMetrics: authorMetricsLoader(sqlite),
    authorPapers: perArgs(
      (args: ListArgs<PaperRecord>) => authorPapersLoader(sqlite, args),
      (args) => JSON.stringify([args.first, args.after, args.ordering.tag, filterKey(args.filter)]),
    ),
    authorPaperCount: perArgs(
      (filter: PaperFilter | null | undefined) => authorPaperCountLoader(sqlite, filter),
      (filter) => filterKey(filter),
    ),
    paperAuthors: perArgs(
      (args: PositionArgs) => paperAuthorsLoader(sqlite, args),
      (args) => `${args.first}:${args.afterPosition}`,
    ),
    paperAuthorCount: paperAuthorCountLoader(sqlite),
    coauthors: perArgs(
      (args: CoauthorArgs) => coauthorsLoader(sqlite, args),
      (args) => JSON.stringify([args.first, args.after, args.withYears]),
    ),
    coauthorCount: coauthorCountLoader(sqlite),
    paperStats: perArgs(
      ({ scope, filter }: { scope: PaperSetScope; filter: PaperFilter | null | undefined }) => paperStatsLoader(sqlite, scope, filter),
      ({ scope, filter }) => `${scope}:${filterKey(filter)}`,
    ),
    authorYears: authorYearsLoader(sqlite),
    hCore: perArgs((filter: PaperFilter | null | undefined) => hCoreLoader(sqlite, filter), filterKey),
    noveltyPoints: perArgs((filter: PaperFilter | null | undefined) => noveltyPointsLoader(sqlite, filter), filterKey),
    noveltyExplanation: noveltyExplanationLoader(sqlite),
    topicById: topicByIdLoader(sqlite),
    subjectName: subjectNameLoader(sqlite),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type { DataLoader };
