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

// How each loader is made, for a request's store.
const MAKERS = {
  authorById: (store: Store) => new DataLoader((ids: readonly number[]) => store.authorsById(ids)),
  paperById: (store: Store) => new DataLoader((ids: readonly number[]) => store.papersById(ids)),
  authorByExternalId: (store: Store) => new DataLoader((ids: readonly string[]) => store.authorsByExternalId(ids)),
  paperByExternalId: (store: Store) => new DataLoader((ids: readonly string[]) => store.papersByExternalId(ids)),
  authorMetrics: (store: Store) => new DataLoader((ids: readonly number[]) => store.authorMetrics(ids)),
  authorPapers: (store: Store) =>
    perArgs(
      (args: PaperPageArgs) => new DataLoader((ids: readonly number[]) => store.authorPaperPages(ids, args)),
      (args) => JSON.stringify([args.first, args.after, args.order.field, args.order.direction, filterKey(args.filter)]),
    ),
  authorPaperCount: (store: Store) => perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.authorPaperCounts(ids, filter)), filterKey),
  paperAuthors: (store: Store) =>
    perArgs(
      (args: PositionArgs) => new DataLoader((ids: readonly number[]) => store.paperAuthorPages(ids, args)),
      (args) => `${args.first}:${args.afterPosition}`,
    ),
  paperAuthorCount: (store: Store) => new DataLoader((ids: readonly number[]) => store.paperAuthorCounts(ids)),
  coauthors: (store: Store) =>
    perArgs(
      (args: CoauthorPageArgs) => new DataLoader((ids: readonly number[]) => store.coauthorPages(ids, args)),
      (args) => JSON.stringify([args.first, args.order.field, args.order.direction, args.afterKey, args.withYears]),
    ),
  coauthorCount: (store: Store) => new DataLoader((ids: readonly number[]) => store.coauthorCounts(ids)),
  paperStats: (store: Store) =>
    perArgs(
      ({ scope, filter }: { scope: PaperSetScope; filter: Filter }) =>
        new DataLoader(async (parents: readonly number[]): Promise<PaperSetStats[]> => {
          const sets = await store.paperSetGroups(scope, parents, filter);
          const referenceYear = new Date().getUTCFullYear();
          return sets.map(({ groups, buckets }) => paperSetStats(groups, buckets, referenceYear));
        }),
      ({ scope, filter }) => `${scope}:${filterKey(filter)}`,
    ),
  authorYears: (store: Store) => new DataLoader((ids: readonly number[]) => store.authorYears(ids)),
  hCore: (store: Store) => perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.hCores(ids, filter)), filterKey),
  noveltyPoints: (store: Store) => perArgs((filter: Filter) => new DataLoader((ids: readonly number[]) => store.noveltyPoints(ids, filter)), filterKey),
  noveltyExplanation: (store: Store) => new DataLoader((ids: readonly number[]) => store.noveltyExplanations(ids)),
  topicById: (store: Store) => new DataLoader((ids: readonly string[]) => store.topicsById(ids)),
  subjectName: (store: Store) => new DataLoader((ids: readonly string[]) => store.subjectNames(ids)),
};

export type Loaders = { readonly [Name in keyof typeof MAKERS]: ReturnType<(typeof MAKERS)[Name]> };

/**
 * A request's loaders, each made the first time the request uses it: a request uses a few of
 * the twenty (a node lookup two or three, an empty query none), and making all of them up front
 * was one of our own larger costs in a profile of the node lookup. The getters are the class's,
 * made once; a request's set is its store and an array of the loaders it made.
 */
class LazyLoaders {
  readonly made: unknown[] = new Array(Object.keys(MAKERS).length);
  constructor(readonly store: Store) {}
}
Object.entries(MAKERS).forEach(([name, make], i) => {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      return (this.made[i] ??= make(this.store));
    },
  });
});

export function createLoaders(store: Store): Loaders {
  return new LazyLoaders(store) as unknown as Loaders;
}

export type { DataLoader };
