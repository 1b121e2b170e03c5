// The parameters each workload's requests cycle through: deterministic (the same corpus gives
// the same lists) and varied, so that no cache makes a workload trivial.
import Database from 'better-sqlite3';
import { toGlobalId } from '../src/graphql/ids';

export interface Params {
  /** Authors with a profile worth showing (5 papers or more), spread over the id range. */
  authorIds: number[];
  /** The categories with the most authors: leaderboards and deep pages. */
  categories: string[];
  /** Papers and authors for node lookups, as global ids, alternating. */
  nodeIds: string[];
  searches: SearchParams[];
}

export interface SearchParams {
  search: string;
  categories: string[];
  publishedFrom: string;
}

// Words of the generated titles and abstracts (seeds/corpus/generate-corpus.ts): a method, a
// task, a method and a task, an unfinished last word as typed in a search box.
const SEARCH_TEXTS = [
  'diffusion models', 'graph neural link prediction', 'transformers segmentation', 'contrastive learning',
  'reinforcement learning planning', 'optimal transport', 'federated', 'knowledge distillation detection',
  'language models question answering', 'mixture of experts', 'gaussian processes', 'bayesian optimization',
  'robust object detection', 'sparse autoencoders', 'zero-shot translation', 'anomaly detection time series',
  'message passing', 'low-rank adaptation', 'code generation', 'speech recogn', 'neural operators', 'quantization',
  'state space models forecasting', 'causal inference',
];
const CATEGORY_SETS = [['cs.LG'], ['cs.CV', 'cs.LG'], ['cs.CL'], ['cs.LG', 'stat.ML', 'cs.AI'], ['cs.AI', 'cs.RO']];
const YEARS = [2012, 2015, 2018, 2020, 2022];

/** `count` items of a sorted list, evenly spread. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

export function readParams(file: string, size: number): Params {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const profileAuthors = sqlite.prepare('SELECT author_id FROM author_metrics WHERE paper_count >= 5 ORDER BY author_id').pluck().all() as number[];
    const anyAuthors = sqlite.prepare('SELECT id FROM authors ORDER BY id').pluck().all() as number[];
    const { lo, hi } = sqlite.prepare('SELECT min(id) AS lo, max(id) AS hi FROM papers').get() as { lo: number; hi: number };
    const categories = sqlite
      .prepare('SELECT primary_category FROM author_metrics WHERE primary_category IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 20')
      .pluck()
      .all() as string[];
    // Paper ids are dense in a generated corpus: evenly spaced ids exist.
    const paperIds = Array.from({ length: size }, (_, i) => lo + Math.floor((i * (hi - lo)) / size));
    const authorSample = spread(anyAuthors, size);
    const nodeIds = paperIds.flatMap((id, i) => [toGlobalId('Paper', id), toGlobalId('Author', authorSample[i])]);
    const searches = SEARCH_TEXTS.map((search, i) => ({
      search,
      categories: CATEGORY_SETS[i % CATEGORY_SETS.length],
      publishedFrom: `${YEARS[i % YEARS.length]}-01-01`,
    }));
    return { authorIds: spread(profileAuthors, size), categories, nodeIds, searches };
  } finally {
    sqlite.close();
  }
}
