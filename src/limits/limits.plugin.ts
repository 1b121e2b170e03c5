// The per-request budget, checked once the operation is known and before it runs: its cost
// against MAX_COST (summed over a batch), then against the client's rate limit.
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { type Limits } from '../config';
import { DEFAULT_PAGE_SIZE } from '../pagination/first';
import { LimitError } from './limit-error';
import { COUNT_ROWS_PER_POINT, documentCosts, STATS_ROWS_PER_POINT } from './query-cost';
import { NO_ROWS, tableStatistics, type TableStatistics } from './table-statistics';
import { type Client, type CostRateLimiter, type RateLimitStatus } from './rate-limit';

export interface RequestBudget {
  client: Client;
  /** What the request's operations cost so far (one, unless batched). */
  cost: number;
  /** The client's bucket after the latest operation spent from it; null without a rate limit. */
  rateLimit: RateLimitStatus | null;
}

// On the request's context object under a symbol: Apollo gives each operation of a batch a
// shallow copy of the context, and the copies share this one budget.
const BUDGET = Symbol('request budget');

export function openBudget(context: object, client: Client): void {
  (context as { [BUDGET]?: RequestBudget })[BUDGET] = { client, cost: 0, rateLimit: null };
}

export function budgetOf(context: object): RequestBudget | undefined {
  return (context as { [BUDGET]?: RequestBudget })[BUDGET];
}

// The request's store (src/graphql/context.ts) sizes its aggregates.
async function statisticsOf(context: object): Promise<TableStatistics> {
  const store = (context as { store?: Parameters<typeof tableStatistics>[0] }).store;
  return store ? tableStatistics(store) : NO_ROWS;
}

// Nested pages of 100 soon make numbers that print as 1e+100.
function amount(cost: number): string {
  return Number.isSafeInteger(cost) ? String(cost) : `more than ${Number.MAX_SAFE_INTEGER}`;
}

export function limitsPlugin(limits: Limits, rateLimiter: CostRateLimiter | null): ApolloServerPlugin<object> {
  const { maxCost } = limits;
  const queryCost = documentCosts();
  // Nothing of its own per request: every request gets this one listener.
  const listener: GraphQLRequestListener<object> = {
    async didResolveOperation({ contextValue, document, operation, request, schema }) {
      const budget = budgetOf(contextValue);
      if (!budget || !operation || (maxCost === null && !rateLimiter)) return;
      const cost = queryCost(schema, document, operation, request.variables, await statisticsOf(contextValue));
      // A batch's operations add up; one that is refused costs nothing.
      const total = budget.cost + cost;
      if (maxCost !== null && total > maxCost) {
        throw new LimitError(
          'COST_LIMIT_EXCEEDED',
          `${budget.cost > 0 ? `The batch costs ${amount(total)} with this operation` : `The query costs ${amount(cost)}`}, ` +
            `over the maximum of ${maxCost} per request (MAX_COST). A connection costs its \`first\` ` +
            `(${DEFAULT_PAGE_SIZE} when left out) times one plus what each item costs, so nested lists multiply; ` +
            `a list's totalCount costs a point per ${COUNT_ROWS_PER_POINT} rows it counts and its stats a point per ${STATS_ROWS_PER_POINT} rows, ` +
            'each time it is asked (aliases included): ask for smaller pages, fewer nested lists or aggregates, and page with `after`.',
        );
      }
      if (rateLimiter && cost > rateLimiter.points) {
        throw new LimitError(
          'COST_LIMIT_EXCEEDED',
          `The query costs ${amount(cost)}, more than the ${rateLimiter.points} points a client may spend per ` +
            `${rateLimiter.windowSeconds} s (RATE_LIMIT_POINTS): ask for smaller pages or fewer nested lists.`,
        );
      }
      // Counted before the wait, which the batch's other operations may fill.
      budget.cost = total;
      try {
        if (rateLimiter) budget.rateLimit = await rateLimiter.spend(budget.client, cost);
      } catch (error) {
        budget.cost -= cost;
        throw error;
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
