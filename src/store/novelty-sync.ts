// The pending work on the connection a start holds (src/bootstrap.ts prepareDatabase, synchronous
// for its many callers): the same work as the NoveltyStore methods of the same names, done before
// the function returns. Re-exported by ./index.ts, as the bulk loads' functions are, until the
// start itself is asynchronous.
export { estimatePendingWork, finishPendingWork, markMissingNoveltyPending } from './sqlite/novelty/pending';
