// The executor of a request's operation: graphql-jit (compiled once per document) or graphql-js.
//
// graphql-js interprets the document anew on every request: for each field it looks the field up,
// builds its resolve info and wraps its value in a promise. graphql-jit compiles an operation into
// one JavaScript function that does only what that operation needs. Measured (BENCHMARKS.md,
// issue 20): pages of many fields 5–25 % faster, a single-object lookup 5–20 % slower (Apollo's
// gateway path costs each request a little), so graphql-js stays the default and
// GRAPHQL_EXECUTOR=jit chooses this. Apollo Server 5 has no executor option:
// a gateway's executor is its one way in, so the jit is handed to Apollo as a gateway that serves
// our own schema.
//
// The compiled function is kept beside the parsed document Apollo already keeps in its document
// store (a WeakMap on the DocumentNode): it lives as long as Apollo keeps the document, and a
// document Apollo evicts takes its compiled function with it.
//
// graphql-jit answers like graphql-js except for what it does not compile, where graphql-js answers
// instead: an operation it cannot compile, and variables it refuses (graphql-js's messages for them
// are the ones Apollo recognises as BAD_USER_INPUT, with their status 400).
import { type ApolloServerOptionsWithGateway } from '@apollo/server';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, execute, locatedError } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<never>['gateway'];

/** What a document's operation compiles to: null when graphql-jit cannot compile it. */
type Compiled = CompiledQuery | null;

/** Compiles one operation of a document: graphql-jit's compileQuery (a test counts its calls). */
export type Compile = (schema: GraphQLSchema, document: DocumentNode, operationName?: string) => CompiledQuery | ExecutionResult;

export function jitGateway(schema: GraphQLSchema, compile: Compile = compileQuery): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string | null, Compiled>>();
  const compiledOf = (document: DocumentNode, operationName: string | null): Compiled => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    let query = byOperation.get(operationName);
    if (query === undefined) {
      try {
        const result = compile(schema, document, operationName ?? undefined);
        query = isCompiledQuery(result) ? result : null;
      } catch {
        // A construct the compiler does not take: graphql-js runs this operation every time.
        query = null;
      }
      byOperation.set(operationName, query);
    }
    return query;
  };
  return {
    async load() {
      return {
        executor: async ({ document, request, context: contextValue }) => {
          // The name the client asked for: Apollo's own is null when no operation has it, and
          // graphql-js then says which name is missing.
          const operationName = request.operationName ?? null;
          const variableValues = request.variables ?? {};
          const query = compiledOf(document, operationName);
          if (query !== null) {
            const result = (await query.query(undefined, contextValue, variableValues)) as ExecutionResult;
            // Refused variables: no data, nothing ran. graphql-js says why in its own words.
            if (result.data !== undefined) return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
          }
          return execute({ schema, document, operationName, contextValue, variableValues }) as Promise<ExecutionResult>;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors are its own objects: without `extensions` when the error thrown had none
 * (Apollo's error formatting reads `extensions.code` and fails), and with the thrown value itself
 * as the message when it was not an Error. This makes such an error the one graphql-js would
 * have made of the same fault (its locatedError), with the place graphql-jit found.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.extensions !== undefined) return error;
  const made = error.originalError == null ? new GraphQLError(error.message, { path: error.path }) : locatedError(error.originalError, undefined, error.path);
  (made as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return made;
}
