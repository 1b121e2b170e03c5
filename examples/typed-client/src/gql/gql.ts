/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AuthorProfile($id: ID!) {\n    author(id: $id) {\n      name\n      primaryCategory { code subjectClass name }\n      hIndex\n      paperCount\n      citationCount\n      novelty\n      aiScore\n      papers(first: 20, orderBy: { field: CITATION_COUNT, direction: DESC }) {\n        totalCount\n        nodes {\n          score\n          arxivCategory { code subjectClass }\n          publishedAt\n          hasCode\n          codeUrl\n          title\n          authors(first: 3) {\n            totalCount\n            nodes { name }\n          }\n          abstract\n        }\n      }\n    }\n  }\n": typeof types.AuthorProfileDocument,
    "\n  query FindAuthor($name: String!) {\n    authors(search: $name, first: 1) {\n      nodes { id name }\n    }\n  }\n": typeof types.FindAuthorDocument,
};
const documents: Documents = {
    "\n  query AuthorProfile($id: ID!) {\n    author(id: $id) {\n      name\n      primaryCategory { code subjectClass name }\n      hIndex\n      paperCount\n      citationCount\n      novelty\n      aiScore\n      papers(first: 20, orderBy: { field: CITATION_COUNT, direction: DESC }) {\n        totalCount\n        nodes {\n          score\n          arxivCategory { code subjectClass }\n          publishedAt\n          hasCode\n          codeUrl\n          title\n          authors(first: 3) {\n            totalCount\n            nodes { name }\n          }\n          abstract\n        }\n      }\n    }\n  }\n": types.AuthorProfileDocument,
    "\n  query FindAuthor($name: String!) {\n    authors(search: $name, first: 1) {\n      nodes { id name }\n    }\n  }\n": types.FindAuthorDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthorProfile($id: ID!) {\n    author(id: $id) {\n      name\n      primaryCategory { code subjectClass name }\n      hIndex\n      paperCount\n      citationCount\n      novelty\n      aiScore\n      papers(first: 20, orderBy: { field: CITATION_COUNT, direction: DESC }) {\n        totalCount\n        nodes {\n          score\n          arxivCategory { code subjectClass }\n          publishedAt\n          hasCode\n          codeUrl\n          title\n          authors(first: 3) {\n            totalCount\n            nodes { name }\n          }\n          abstract\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AuthorProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindAuthor($name: String!) {\n    authors(search: $name, first: 1) {\n      nodes { id name }\n    }\n  }\n"): typeof import('./graphql').FindAuthorDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
