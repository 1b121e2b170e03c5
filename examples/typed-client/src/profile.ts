// The author profile page of a front end, typed from the schema: the query below is checked
// against schema/schema.graphql by the code generator, and every field this file reads is
// checked by TypeScript against the generated types.
import { graphql } from './gql';
import { type AuthorProfileQuery } from './gql/graphql';
import { execute } from './execute';

export const AuthorProfile = graphql(`
  query AuthorProfile($id: ID!) {
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
`);

export const FindAuthor = graphql(`
  query FindAuthor($name: String!) {
    authors(search: $name, first: 1) {
      nodes { id name }
    }
  }
`);

export type Profile = NonNullable<AuthorProfileQuery['author']>;

/** The profile of the author whose name matches best, or null when none does. */
export async function loadProfile(endpoint: string, name: string): Promise<Profile | null> {
  const found = await execute(endpoint, FindAuthor, { name });
  const id = found.authors.nodes[0]?.id;
  if (id === undefined) return null;
  return (await execute(endpoint, AuthorProfile, { id })).author ?? null;
}

/** The card and the paper list as lines of text: what a page would render. */
export function profileLines(author: Profile): string[] {
  const percent = (value: number | null | undefined) => (value == null ? '–' : `${Math.round(value * 100)} %`);
  return [
    `${author.name} · ${author.primaryCategory?.code ?? 'no category'}`,
    `h-index ${author.hIndex} · ${author.paperCount} papers · ${author.citationCount} citations · novelty ${percent(author.novelty)}`,
    ...author.papers.nodes.map((paper) => {
      const names = paper.authors.nodes.map((a) => a.name).join(', ');
      const etAl = paper.authors.totalCount > paper.authors.nodes.length ? ' et al.' : '';
      return `${paper.score.toFixed(1)}  ${paper.publishedAt}  ${paper.title} (${names}${etAl})${paper.codeUrl ? ` [code: ${paper.codeUrl}]` : ''}`;
    }),
  ];
}
