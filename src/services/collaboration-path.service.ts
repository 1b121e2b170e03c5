// Shortest chains of co-authorship ("Erdős numbers"), by a bidirectional breadth-first search:
// one read of the store per level (its coauthorLinks: one statement), the smaller frontier
// expanded each time, and hard limits on the authors visited and the links read, so a search
// between two hubs can never scan the database. The rule is here; the store only reads links.
import { GraphQLError } from 'graphql';
import { type StepLinks, type Store } from '../store';

export const MIN_PATH_LENGTH = 1;
export const MAX_PATH_LENGTH = 6;
export const DEFAULT_PATH_LENGTH = 4;

export interface PathSearchLimits {
  /** Authors reached from both ends together before the search gives up. */
  authors: number;
  /** Co-author links one level may read before the search gives up. */
  links: number;
}

export const DEFAULT_PATH_SEARCH_LIMITS: PathSearchLimits = { authors: 200_000, links: 1_000_000 };

/** One end of the search: how far each reached author is from this end, and how it got there. */
interface Side {
  level: number;
  frontier: number[];
  depth: Map<number, number>;
  /** Each author's neighbours one level closer to this end: every shortest way back, not one. */
  towardOrigin: Map<number, number[]>;
}

function startAt(origin: number): Side {
  return { level: 0, frontier: [origin], depth: new Map([[origin, 0]]), towardOrigin: new Map() };
}

function limitReached(limit: string, provenLength: number): GraphQLError {
  const advice =
    provenLength >= MIN_PATH_LENGTH
      ? `No path of ${provenLength} steps or fewer exists; ask with a smaller \`maxLength\` (${provenLength} or less answers null without this search).`
      : 'Ask about authors with fewer co-authors.';
  return new GraphQLError(`The collaboration path search stopped after reaching ${limit}. ${advice}`, {
    extensions: { code: 'PATH_SEARCH_LIMIT', argumentName: 'maxLength' },
  });
}

async function expand(store: Store, side: Side, limits: PathSearchLimits, provenLength: number): Promise<void> {
  const rows = await store.coauthorLinks(side.frontier, limits.links + 1);
  if (rows.length > limits.links) throw limitReached(`more than ${limits.links} co-author links in one step`, provenLength);
  side.level += 1;
  const next: number[] = [];
  for (const { fromId, toId } of rows) {
    const depth = side.depth.get(toId);
    if (depth === undefined) {
      side.depth.set(toId, side.level);
      side.towardOrigin.set(toId, [fromId]);
      next.push(toId);
    } else if (depth === side.level) {
      side.towardOrigin.get(toId)!.push(fromId);
    }
  }
  side.frontier = next;
}

/**
 * The smallest path in author-id order (compared position by position) among all shortest
 * ones. `meeting` holds the authors at distance `forward.level` from the start and
 * `backward.level` from the end: every shortest path passes through one of them.
 */
function smallestPath(forward: Side, backward: Side, meeting: number[]): number[] {
  const length = forward.level + backward.level;
  const onPath: Set<number>[] = [];
  onPath[forward.level] = new Set(meeting);
  for (let i = forward.level; i > 0; i -= 1) {
    onPath[i - 1] = new Set([...onPath[i]].flatMap((id) => forward.towardOrigin.get(id)!));
  }
  for (let i = forward.level; i < length; i += 1) {
    onPath[i + 1] = new Set([...onPath[i]].flatMap((id) => backward.towardOrigin.get(id)!));
  }
  const path = [...onPath[0]];
  for (let i = 1; i <= length; i += 1) {
    const previous = path[i - 1];
    const linked = (id: number) =>
      i <= forward.level ? forward.towardOrigin.get(id)!.includes(previous) : backward.towardOrigin.get(previous)!.includes(id);
    path.push(Math.min(...[...onPath[i]].filter(linked)));
  }
  return path;
}

/**
 * The author ids of the shortest co-authorship chain from `from` to `to` (both included), the
 * smallest by author ids among equally short ones; null when none has at most `maxLength` steps.
 * Rejects with PATH_SEARCH_LIMIT rather than visit more than `limits` allow.
 */
export async function findCollaborationPath(
  store: Store,
  from: number,
  to: number,
  maxLength: number,
  limits: PathSearchLimits = DEFAULT_PATH_SEARCH_LIMITS,
): Promise<number[] | null> {
  if (from === to) return [from];
  const forward = startAt(from);
  const backward = startAt(to);
  while (forward.level + backward.level < maxLength) {
    const side = backward.frontier.length < forward.frontier.length ? backward : forward;
    const other = side === forward ? backward : forward;
    // One end's whole component is explored without meeting the other: no path at any length.
    if (side.frontier.length === 0) return null;
    const provenLength = forward.level + backward.level;
    await expand(store, side, limits, provenLength);
    // The frontiers did not meet before, so an author reached now that the other end knows is
    // on the other end's frontier: all such authors lie at the same place of a shortest path.
    const meeting = side.frontier.filter((id) => other.depth.has(id));
    if (meeting.length > 0) return smallestPath(forward, backward, meeting);
    const visited = forward.depth.size + backward.depth.size;
    if (visited > limits.authors) throw limitReached(`${visited} authors (the limit is ${limits.authors})`, provenLength + 1);
  }
  return null;
}

export type { StepLinks } from '../store';

/** The papers each step links at most: the newest of them. */
export const MAX_STEP_PAPERS = 100;

/** What links each step of a path (author ids in order): every step in one read of the store. */
export function stepLinks(store: Store, path: readonly number[]): Promise<StepLinks[]> {
  const steps = path.slice(1).map((to, i) => [path[i], to] as const);
  return steps.length === 0 ? Promise.resolve([]) : store.stepLinks(steps, MAX_STEP_PAPERS);
}
