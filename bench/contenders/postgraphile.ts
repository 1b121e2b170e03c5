// The profile page as PostGraphile (./postgraphile-server.ts) is asked for it, and what its
// answer is in the API's terms. The query is what a PostGraphile user would write for the page
// of examples/queries/author-profile.graphql: the author by row id, its metrics through the
// one-to-one relation of author_metrics, its papers through the many-to-many plugin's
// connection ordered by the papers' columns (citation count, then id, both descending: the
// API's CITATION_COUNT order), and each paper's first 3 authorships in position order.
// Before PostGraphile is measured, its mapped answer must equal the API's `data` for the same
// authors (checkPostgraphile), as bench/check.ts holds the floors to it.
import { deepStrictEqual } from 'node:assert/strict';
import { categoryParts, fromGlobalId } from '../floor/shape';
import { sendJson } from '../check';
import { statementsRun } from '../servers';
import { type HttpRequest, type Workload } from '../workloads';

export const PROFILE_QUERY = `query AuthorProfile($id: Int!) {
  authorById(id: $id) {
    name
    authorMetricByAuthorId { primaryCategory hIndex paperCount citationCount novelty aiScore }
    papersByAuthorshipAuthorIdAndPaperId(first: 20, orderBy: [CITATION_COUNT_DESC, ID_DESC]) {
      totalCount
      nodes {
        score
        category
        publishedAt
        hasCode
        codeUrl
        title
        authorshipsByPaperId(first: 3, orderBy: POSITION_ASC) {
          totalCount
          nodes { authorByAuthorId { name } }
        }
        abstract
      }
    }
  }
}`;

interface PostgraphileProfile {
  authorById: {
    name: string;
    authorMetricByAuthorId: {
      primaryCategory: string | null;
      hIndex: number;
      paperCount: number;
      citationCount: number;
      novelty: number | null;
      aiScore: number | null;
    } | null;
    papersByAuthorshipAuthorIdAndPaperId: {
      totalCount: number;
      nodes: {
        score: number;
        category: string | null;
        publishedAt: string;
        hasCode: boolean;
        codeUrl: string | null;
        title: string;
        authorshipsByPaperId: { totalCount: number; nodes: { authorByAuthorId: { name: string } | null }[] };
        abstract: string;
      }[];
    };
  } | null;
}

/**
 * PostGraphile's answer in the shape of the API's `data` for author-profile.graphql. What the API
 * derives and PostGraphile cannot (the database holds only the category code): the category's
 * subject class and name, taken from the code by the API's own table (src/domain/arxiv-categories,
 * as the floors take them); an author with no metrics row has 0 for the counts in the API, as
 * the floors' coalesce says. Everything else is PostGraphile's value as it answered it.
 */
export function toApiProfile(data: PostgraphileProfile): unknown {
  const author = data.authorById;
  if (!author) return { author: null };
  const m = author.authorMetricByAuthorId;
  const category = m?.primaryCategory == null ? null : categoryParts(m.primaryCategory);
  const papers = author.papersByAuthorshipAuthorIdAndPaperId;
  return {
    author: {
      name: author.name,
      primaryCategory: category && { code: category.code, subjectClass: category.subjectClass, name: category.name },
      hIndex: m?.hIndex ?? 0,
      paperCount: m?.paperCount ?? 0,
      citationCount: m?.citationCount ?? 0,
      novelty: m?.novelty ?? null,
      aiScore: m?.aiScore ?? null,
      papers: {
        totalCount: papers.totalCount,
        nodes: papers.nodes.map((p) => {
          const parts = p.category === null ? null : categoryParts(p.category);
          return {
            score: p.score,
            arxivCategory: parts && { code: parts.code, subjectClass: parts.subjectClass },
            publishedAt: p.publishedAt,
            hasCode: p.hasCode,
            codeUrl: p.codeUrl,
            title: p.title,
            authors: {
              totalCount: p.authorshipsByPaperId.totalCount,
              nodes: p.authorshipsByPaperId.nodes.map((s) => ({ name: s.authorByAuthorId!.name })),
            },
            abstract: p.abstract,
          };
        }),
      },
    },
  };
}

/** The profile workload's requests as PostGraphile's: the same authors, in the same order, by row id. */
export function postgraphileRequests(profile: Workload): (i: number) => HttpRequest {
  const requests = Array.from({ length: profile.distinct }, (_, i): HttpRequest => {
    const { variables } = JSON.parse(profile.api(i).body) as { variables: { id: string } };
    const id = fromGlobalId(variables.id)!.rowId;
    return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PROFILE_QUERY, variables: { id } }) };
  });
  return (i) => requests[i % requests.length];
}

/**
 * For `count` authors of the profile workload: PostGraphile answers without errors, and its
 * answer, mapped (toApiProfile), deepStrictEquals the API's `data`. Returns the requests checked
 * and PostGraphile's SQL statements per request.
 */
export async function checkPostgraphile(profile: Workload, api: string, postgraphile: string, count: number): Promise<{ requests: number; statements: number }> {
  const request = postgraphileRequests(profile);
  const n = Math.min(count, profile.distinct);
  let statements = 0;
  for (let i = 0; i < n; i++) {
    const answer = await sendJson(api, profile.api(i));
    if (answer.status !== 200 || answer.body.errors) throw new Error(`profile: the API answered request ${i} with ${answer.status} ${JSON.stringify(answer.body).slice(0, 1000)}`);
    const before = await statementsRun(postgraphile);
    const theirs = await sendJson(postgraphile, request(i));
    statements += (await statementsRun(postgraphile)) - before;
    if (theirs.status !== 200 || theirs.body.errors || !theirs.body.data) {
      throw new Error(`profile: PostGraphile answered request ${i} with ${theirs.status} ${JSON.stringify(theirs.body).slice(0, 1000)}`);
    }
    try {
      deepStrictEqual(toApiProfile(theirs.body.data), answer.body.data);
    } catch (error) {
      throw new Error(
        `profile: PostGraphile's answer to request ${i}, mapped to the API's shape, is not the API's data.\n` +
          `request: ${request(i).body.slice(-100)}\n${(error as Error).message.slice(0, 4000)}`,
      );
    }
  }
  return { requests: n, statements: statements / n };
}
