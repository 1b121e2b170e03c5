// A typed fetch: the result and the variables take their types from the document.
import { type TypedDocumentString } from './gql/graphql';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
  }
}

export async function execute<TResult, TVariables>(
  endpoint: string,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: GraphQLRequestError['errors'] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? [{ message: `HTTP ${response.status} without data` }]);
  return body.data;
}
