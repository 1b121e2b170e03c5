// HTTP caching of GET queries: an ETag made of the data version (a number every write moves,
// src/store's dataVersion) and of the request, so that a front end reloading a page is answered
// 304 Not Modified, with nothing executed and no rate-limit points spent, for as long as no write
// has changed the data; and a Cache-Control that says what a browser and a shared cache may do.
import { createHash } from 'node:crypto';
import fresh from 'fresh';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/** HTTP_CACHE_MAX_AGE: how long an answer may be reused without asking (seconds), or null for no caching (no-store, no ETag). */
export type HttpCachePolicy = { maxAgeSeconds: number } | null;

/** The headers an answer's representation depends on, besides the URL: the key and the media type. */
const VARY = 'Accept, Authorization';

/**
 * What a cache may do with a GET's answer. Public data (anyone may read it) may be kept by a
 * shared cache; an answer to a request with a key, or from a server whose reads need one, only by
 * the client's own. Past max-age, a cache must ask again (must-revalidate) rather than answer a
 * stale copy: with the ETag, asking again costs a 304.
 */
export function cacheControlOf(policy: { maxAgeSeconds: number }, privately: boolean): string {
  return `${privately ? 'private' : 'public'}, max-age=${policy.maxAgeSeconds}, must-revalidate`;
}

/**
 * A weak ETag (the same data, not necessarily the same bytes: the rate-limit headers differ) of the
 * data version and of what the answer depends on in the request: its query string (the document
 * or persisted query's hash, the variables, the operation) and the Vary headers.
 */
export function etagOf(version: number, request: FastifyRequest): string {
  const query = request.url.slice(request.url.indexOf('?') + 1);
  const digest = createHash('sha1')
    .update(query)
    .update('\n')
    .update(request.headers.accept ?? '')
    .update('\n')
    .update(request.headers.authorization ?? '')
    .digest('base64url')
    .slice(0, 22);
  return `W/"${version.toString(36)}-${digest}"`;
}

/**
 * Whether the client's copy (If-None-Match) is the answer this ETag names, by `fresh`, the
 * module Express and Koa answer conditional requests with (weak comparison, lists, `*`). Given the
 * validator alone: `fresh` refuses any request that says `Cache-Control: no-cache`, and fetch()
 * (in browsers and in Node) adds that to every request whose code sets If-None-Match. It is a
 * directive to caches on the way (do not answer from a stored copy without asking the origin);
 * this server is the origin, and its 304 is that asking.
 */
export function clientHasIt(request: FastifyRequest, etag: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  return ifNoneMatch !== undefined && fresh({ 'if-none-match': ifNoneMatch }, { etag });
}

/** Answers 304 Not Modified: no body, and the caching headers (cacheHeaders) a 200 would have had. */
export function notModified(reply: FastifyReply, headers: Record<string, string>): FastifyReply {
  return reply.code(304).headers(headers).send();
}

/** The caching headers of a GET's 200 or 304 answer; any other status keeps `no-store`. */
export function cacheHeaders(etag: string, cacheControl: string): Record<string, string> {
  return { etag, 'cache-control': cacheControl, vary: VARY };
}
