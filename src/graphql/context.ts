// What every resolver gets: the database, the caller's key, and this request's loaders.
import { type Auth } from '../auth/authenticate';
import { type StatementTally, type Store } from '../store';
import { createLoaders, type Loaders } from '../loaders';

export interface Context {
  /** The data, through the store (src/store), whichever engine holds it. */
  store: Store;
  auth: Auth;
  /** Replaced by a fresh set after a write, so that the rest of the request reads new data. */
  loaders: Loaders;
  /** The HTTP request's id (Fastify's `reqId` in the log), and its logger. */
  requestId?: string;
  log?: { error(details: object, message: string): void; warn(details: object, message: string): void; info?(details: object, message: string): void };
  /** The SQL statements the HTTP request has run so far, and whether it is a batch of operations. */
  statements?: StatementTally;
  batched?: boolean;
}

/** After a write: later reads of the request must not be answered from the loaders' caches. */
export function freshLoaders(ctx: Context): Loaders {
  ctx.loaders = createLoaders(ctx.store);
  return ctx.loaders;
}
