// One loader set per request: batching and caching last exactly as long as one answer. Each
// loader hands the keys of a batch to one of the store's batch reads (src/store), which runs one
// statement for all of them; a loader per distinct argument set, so that the same field with
// other arguments is another batch.
import DataLoader from 'dataloader';
import { paperSetStats, type PaperSetStats } from '../metrics';
import { filterKey } from '../pagination/paper-filter';
import {
  type CoauthorPageArgs,
  type PaperFilter,
  type PaperPageArgs,
  type PaperSetScope,
  type PositionArgs,
  type Store,
} from '../store';

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

type Filter = PaperFilter | null | undefined;

export function createLoaders(store: Store) {
  return {
    authorById: new DataLoader((ids: readonly number[]) => store.authorsById(ids)),
    paperById: new DataLoader((ids: readonly number[]) => store.papersById(ids)),
    authorByExternalId: new DataLoader((ids: readonly string[]) => store.authorsByExternalId(ids)),
    paperByExternalId: new DataLoader((ids: readonly string[]) => store.papersByExternalId(ids)),
    authorMetrics: new DataLoader((ids: readonly number[]) => store.authorMetrics(ids)),
    authorPapers: perArgs(
      (args: PaperPageArgs) => new DataLoader((ids: readonly number[]) => store.authorPaperPages(ids, args)),
      (args) => JSON.stringify([args.first, args.after, args.order.field, args.order.direction, filterKey(args.filter)]),
    ),
    authorPaperCount: perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.authorPaperCounts(ids, filter)), filterKey),
    paperAuthors: perArgs(
      (args: PositionArgs) => new DataLoader((ids: readonly number[]) => store.paperAuthorPages(ids, args)),
      (args) => `${args.first}:${args.afterPosition}`,
    ),
    paperAuthorCount: new DataLoader((ids: readonly number[]) => store.paperAuthorCounts(ids)),
    coauthors: perArgs(
      (args: CoauthorPageArgs) => new DataLoader((ids: readonly number[]) => store.coauthorPages(ids, args)),
      (args) => JSON.stringify([args.first, args.order.field, args.order.direction, args.afterKey, args.withYears]),
    ),
    coauthorCount: new DataLoader((ids: readonly number[]) => store.coauthorCounts(ids)),
    paperStats: perArgs(
      ({ scope, filter }: { scope: PaperSetScope; filter: Filter }) =>
        new DataLoader(async (parents: readonly number[]): Promise<PaperSetStats[]> => {
          const sets = await store.paperSetGroups(scope, parents, filter);
          const referenceYear = new Date().getUTCFullYear();
          return sets.map(({ groups, buckets }) => paperSetStats(groups, buckets, referenceYear));
        }),
      ({ scope, filter }) => `${scope}:${filterKey(filter)}`,
    ),
    authorYears: new DataLoader((ids: readonly number[]) => store.authorYears(ids)),
    hCore: perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.hCores(ids, filter)), filterKey),
    noveltyPoints: perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.noveltyPoints(ids, filter)), filterKey),
    noveltyExplanation: new DataLoader((ids: readonly number[]) => store.noveltyExplanations(ids)),
    topicById: new DataLoader((ids: readonly string[]) => store.topicsById(ids)),
    subjectName: new DataLoader((ids: readonly string[]) => store.subjectNames(ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type { DataLoader };
