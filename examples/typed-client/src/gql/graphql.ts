/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AuthorProfileQueryVariables = Exact<{
  id: string | number;
}>;


export type AuthorProfileQuery = { author: { name: string, hIndex: number, paperCount: number, citationCount: number, novelty: number | null, aiScore: number | null, primaryCategory: { code: string, subjectClass: string | null, name: string | null } | null, papers: { totalCount: number, nodes: Array<{ score: number, publishedAt: string, hasCode: boolean, codeUrl: string | null, title: string, abstract: string, arxivCategory: { code: string, subjectClass: string | null } | null, authors: { totalCount: number, nodes: Array<{ name: string }> } }> } } | null };

export type FindAuthorQueryVariables = Exact<{
  name: string;
}>;


export type FindAuthorQuery = { authors: { nodes: Array<{ id: string, name: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const AuthorProfileDocument = new TypedDocumentString(`
    query AuthorProfile($id: ID!) {
  author(id: $id) {
    name
    primaryCategory {
      code
      subjectClass
      name
    }
    hIndex
    paperCount
    citationCount
    novelty
    aiScore
    papers(first: 20, orderBy: {field: CITATION_COUNT, direction: DESC}) {
      totalCount
      nodes {
        score
        arxivCategory {
          code
          subjectClass
        }
        publishedAt
        hasCode
        codeUrl
        title
        authors(first: 3) {
          totalCount
          nodes {
            name
          }
        }
        abstract
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuthorProfileQuery, AuthorProfileQueryVariables>;
export const FindAuthorDocument = new TypedDocumentString(`
    query FindAuthor($name: String!) {
  authors(search: $name, first: 1) {
    nodes {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<FindAuthorQuery, FindAuthorQueryVariables>;