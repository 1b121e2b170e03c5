// rateLimit { limit cost remaining resetAt }: what this query cost and what is left, as the
// limits plugin found them before the query ran.
import { Ctx, Query, Resolver } from 'type-graphql';
import { budgetOf } from '../../limits/limits.plugin';
import { type Context } from '../context';
import { RateLimit } from '../types/rate-limit.type';

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimit, { nullable: true, description: "The client's rate limit and what this query cost; null when the server has no rate limit." })
  rateLimit(@Ctx() ctx: Context): RateLimit | null {
    const budget = budgetOf(ctx);
    if (!budget?.rateLimit) return null;
    const { limit, remaining, resetAt } = budget.rateLimit;
    return { limit, cost: budget.cost, remaining, resetAt };
  }
}
