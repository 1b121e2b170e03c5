// The limits on a document's shape, checked in the validation phase (nothing runs for a document
// that breaks one): depth, aliases and directives by GraphQL Armor's validation rules, tokens by
// graphql-js's own parser option.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { type Limits } from '../config';
import { LimitError, type LimitCode } from './limit-error';

type Reject = (context: ValidationContext | null, error: GraphQLError) => void;

// The rules report the value they found only in their own message ("..., found 50.").
function found(error: GraphQLError): string {
  return /found (\d+)/.exec(error.message)?.[1] ?? 'more';
}

/**
 * Armor's rules throw their own error, which Apollo would answer as a bare validation failure;
 * they report ours instead: the code of the limit, its value, and what to do.
 */
function reportAs(code: LimitCode, message: (value: string) => string): { propagateOnRejection: false; onReject: Reject[] } {
  return {
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(new LimitError(code, message(found(error))))],
  };
}

/**
 * An operation of a kind the schema has no root type for (a subscription: this API has none) is
 * a validation error. graphql-js 16 lets it through to execution, which throws, and Apollo then
 * answers INTERNAL_SERVER_ERROR to what is a client's mistake (graphql-js 17 has this rule).
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[node.operation];
    if (!root) context.reportError(new GraphQLError(`This API has no ${node.operation}s; send a query or a mutation.`, { nodes: node }));
  },
});

export function documentRules(limits: Limits): ValidationRule[] {
  const rules: ValidationRule[] = [knownOperationTypesRule];
  const { maxDepth, maxAliases, maxDirectives } = limits;
  if (maxDepth !== null) {
    rules.push(
      maxDepthRule({
        n: maxDepth,
        // The depth of the answer: a fragment spread is no level of its own.
        flattenFragments: true,
        ...reportAs(
          'DEPTH_LIMIT_EXCEEDED',
          (depth) =>
            `Query depth ${depth} exceeds the maximum of ${maxDepth} (MAX_DEPTH). ` +
            'Ask for fewer nested levels, and fetch deeper ones in a second query from the ids of the first.',
        ),
      }),
    );
  }
  if (maxAliases !== null) {
    rules.push(
      maxAliasesRule({
        n: maxAliases,
        // Armor lets `__typename` aliases through by default: 1,600 of them were answered, each a
        // resolver call and bytes of answer. Every alias counts here.
        allowList: [],
        ...reportAs(
          'ALIAS_LIMIT_EXCEEDED',
          (aliases) =>
            `The operation has ${aliases} aliases, over the maximum of ${maxAliases} (MAX_ALIASES). ` +
            'Fetch many objects with one list field (nodes(ids:), papers(externalIds:)) rather than one alias each.',
        ),
      }),
    );
  }
  if (maxDirectives !== null) {
    rules.push(
      maxDirectivesRule({
        n: maxDirectives,
        ...reportAs(
          'DIRECTIVE_LIMIT_EXCEEDED',
          (directives) =>
            `The operation has ${directives} directives, over the maximum of ${maxDirectives} (MAX_DIRECTIVES). ` +
            'Put one @include or @skip on a fragment rather than on each field.',
        ),
      }),
    );
  }
  return rules;
}

/** The parser stops at the token past the limit; formatLimitError answers TOKEN_LIMIT_EXCEEDED. */
export function parseOptions(limits: Limits): ParseOptions {
  return limits.maxTokens === null ? {} : { maxTokens: limits.maxTokens };
}
