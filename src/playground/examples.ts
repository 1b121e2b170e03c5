// The playground's preloaded tabs: the seed profile page, a search, a leaderboard and a paged
// export, each runnable as it opens. Tab titles are the operation names.
import { readDemoProfile } from '../../seeds/demo-profile';
import { toGlobalId } from '../graphql/ids';
import { type Store } from '../store';

export interface ExampleTab {
  query: string;
  /** JSON: the variables the query runs with. */
  variables: string;
  /** JSONC: the request headers, with a commented line where a key goes. */
  headers: string;
}

/** The README's profile query (a test holds them equal), which renders seeds/author-profile.txt. */
export const PROFILE_QUERY = `query AuthorProfile($id: ID!) {
  author(id: $id) {
    name
    primaryCategory { code subjectClass name }
    hIndex
    paperCount
    citationCount
    novelty
    aiScore
    papers(first: 20, orderBy: { field: CITATION_COUNT, direction: DESC }) {
      totalCount
      nodes {
        score
        arxivCategory { code subjectClass }
        publishedAt
        hasCode
        codeUrl
        title
        authors(first: 3) {
          totalCount
          nodes { name }
        }
        abstract
      }
    }
  }
}
`;

const SEARCH_QUERY = `# Full-text search over titles and abstracts, best match first (the
# words side by side first); the last word may be unfinished. The
# highlights mark the matched words with <mark>.
query SearchPapers($text: String!) {
  papers(search: $text, first: 10) {
    totalCount
    edges {
      highlight { title abstract }
      node {
        title
        publishedAt
        subjects { id name }
        authors(first: 3) { totalCount nodes { name } }
      }
    }
  }
}
`;

const LEADERBOARD_QUERY = `# The top authors of a subject (their primary one) by h-index. The
# subject is an arXiv code (cs.LG), or after an OpenAlex import an
# OpenAlex subject by name or id at any level: "Geology",
# "subfields/1907", "Earth and Planetary Sciences". Other orderings:
# CITATION_COUNT, PAPER_COUNT, NOVELTY, NAME; filter on minHIndex or
# minPaperCount too.
query Leaderboard($category: String!) {
  authors(
    filter: { category: $category }
    orderBy: { field: H_INDEX, direction: DESC }
    first: 20
  ) {
    totalCount
    nodes {
      name
      hIndex
      i10Index
      citationCount
      paperCount
      primarySubject(level: CATEGORY) { id name }
    }
  }
}
`;

const EXPORT_QUERY = `# Every paper, a page at a time, oldest first: run it, put
# pageInfo.endCursor into the variables as "after", run again, until
# hasNextPage is false. For a whole-database export in one stream,
# GET /export/papers.ndjson.
query ExportPapers($after: String) {
  papers(
    first: 100
    after: $after
    orderBy: { field: PUBLISHED_AT, direction: ASC }
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      externalId
      title
      publishedAt
      arxivCategory { code }
      topic { id name subfield { name } }
      workType
      doi
      citationCount
      authors(first: 10) { totalCount nodes { name } }
    }
  }
}
`;

/** The headers editor of every tab: reads need no key (unless READS_NEED_KEY), writes do. */
export const DEFAULT_HEADERS = `{
  // Mutations (writes) need an API key with the writer role. Create one with
  //   npm run keys -- create --role writer --name <name>
  // then remove the two slashes below and put the key in place of <your key>.
  // "authorization": "Bearer <your key>"
}
`;

// Lines of 72 characters at most: the editor shows them whole on a 1400-pixel-wide screen.
const PROFILE_NOTE = `# The seed page (seeds/author-profile.txt) in one query. Other authors'
# ids: authors(search: "...") { nodes { id } }.
`;

let profileAuthor: string | undefined;

/**
 * The author the profile tab opens on: the demo profile's when the database has them, else the
 * most cited author, else none (the tab then says so in its variables).
 */
export async function profileAuthorId(store: Store): Promise<string | null> {
  profileAuthor ??= readDemoProfile().profileAuthor;
  const id = (await store.authorIdByName(profileAuthor)) ?? (await store.mostCitedAuthorId());
  return id === null ? null : toGlobalId('Author', id);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function exampleTabs(store: Store): Promise<ExampleTab[]> {
  const id = await profileAuthorId(store);
  return [
    { query: PROFILE_NOTE + PROFILE_QUERY, variables: json({ id: id ?? 'no author in the database yet' }) },
    { query: SEARCH_QUERY, variables: json({ text: 'multimodal reasoning' }) },
    { query: LEADERBOARD_QUERY, variables: json({ category: 'cs.LG' }) },
    { query: EXPORT_QUERY, variables: json({ after: null }) },
  ].map((tab) => ({ ...tab, headers: DEFAULT_HEADERS }));
}
