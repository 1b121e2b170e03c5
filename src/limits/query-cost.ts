// What a query costs, in the style of GitHub's GraphQL API: the most objects it can return.
// A connection (or any list with `first`) costs its page size times one plus what each of its
// items costs, so nested connections multiply; `first` left out counts as the schema's default.
// graphql-query-complexity walks the document (fragments, @include/@skip, variables).
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { type ASTNode, type DocumentNode, getVariableValues, type GraphQLSchema, Kind, type OperationDefinitionNode, visit } from 'graphql';
import { NEAREST } from '../novelty/measure';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/first';
import { LimitError } from './limit-error';

/** A co-authorship search may visit up to 200,000 authors: it costs as much as a full page. */
const PATH_SEARCH_COST = MAX_PAGE_SIZE;

// The resolvers refuse larger pages; counting them as the largest keeps their BAD_USER_INPUT.
function pageSize(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), MAX_PAGE_SIZE) : fallback;
}

const estimate: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.args.some((arg) => arg.name === 'first')) {
    return pageSize(args.first, DEFAULT_PAGE_SIZE) * (1 + childComplexity);
  }
  if (type.name === 'Query' && field.name === 'nodes') {
    return pageSize(Array.isArray(args.ids) ? args.ids.length : 0, 0) * (1 + childComplexity);
  }
  if (type.name === 'AuthorMetrics' && field.name === 'hCore') {
    // h papers, h at most the author's paper count: priced as a full page.
    return MAX_PAGE_SIZE * (1 + childComplexity);
  }
  if (type.name === 'Paper' && field.name === 'noveltyExplanation') {
    // Its own row (paper_novelty: the nearest-paper search was done when the score was computed).
    return 1 + childComplexity;
  }
  if (type.name === 'NoveltyExplanation' && field.name === 'nearest') {
    // Up to NEAREST earlier papers, each read and shaped as a Paper with what it selects.
    return NEAREST * (1 + childComplexity);
  }
  if (type.name === 'Mutation' && field.name === 'updateCitationCounts') {
    // Its payload lists every paper it changed and their authors: as many as its items (a paper
    // with several authors brings more, so this is the least it returns), each with its selection.
    return Math.max(1, Array.isArray(args.items) ? args.items.length : 1) * (1 + childComplexity);
  }
  if (type.name === 'Query' && field.name === 'collaborationPath') {
    // Its authors and steps: at most maxLength + 1 of each.
    return PATH_SEARCH_COST + ((args.maxLength ?? 4) + 1) * childComplexity;
  }
  return childComplexity;
};

// graphql-query-complexity stops counting past this many fields (fragments spread out).
const MAX_FIELDS = 10_000;

/** The operation's cost, at least 1; its variables change it (`first: $n`). */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  try {
    const cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: [estimate],
      maxQueryNodes: MAX_FIELDS,
    });
    return Math.max(1, cost);
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) {
      throw new LimitError(
        'COST_LIMIT_EXCEEDED',
        `The operation has more than ${MAX_FIELDS} fields once its fragments are spread out; its cost was not counted. ` +
          'Spread each fragment once, and ask for fewer fields.',
      );
    }
    // Variables that do not fit their types: execution refuses them with its own error, and runs nothing.
    return 1;
  }
}

// The arguments `estimate` reads, besides the directives (@include, @skip) the walk follows.
const COST_ARGUMENTS = new Set(['first', 'ids', 'maxLength', 'items']);

/**
 * The variables an operation's cost can depend on: those inside the arguments `estimate` reads
 * and inside directives. Any other variable (an id, a cursor, a search) leaves the cost as it is.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      const inDirective = ancestors.some((a) => !Array.isArray(a) && (a as ASTNode).kind === Kind.DIRECTIVE);
      if (!inDirective && !COST_ARGUMENTS.has(node.name.value)) return;
      visit(node.value, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
    },
  });
  return [...names].sort();
}

// Per document, the costs already counted, by operation and the values of its cost variables.
const COSTS_PER_DOCUMENT = 64;

/**
 * queryCost, remembered per parsed document (Apollo's document cache hands back the same one
 * for the same query text): a page requested again with another id or cursor is not walked
 * again. Documents parsed anew each time are simply counted each time. `count` is the counting
 * itself (queryCost; a test counts the calls).
 */
export function documentCosts(count: typeof queryCost = queryCost): typeof queryCost {
  const documents = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();
  return (schema, document, operation, variables) => {
    // As the walk does: variables that do not fit their types cost 1 (execution refuses them);
    // the others are keyed as coerced, defaults applied.
    const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (!coerced) return count(schema, document, operation, variables);
    let known = documents.get(document);
    if (!known) {
      known = { variables: costVariables(document), costs: new Map() };
      documents.set(document, known);
    }
    const key = JSON.stringify([operation.name?.value ?? null, known.variables.map((name) => (Object.hasOwn(coerced, name) ? [coerced[name]] : []))]);
    let cost = known.costs.get(key);
    if (cost === undefined) {
      cost = count(schema, document, operation, variables);
      if (known.costs.size >= COSTS_PER_DOCUMENT) known.costs.clear();
      known.costs.set(key, cost);
    }
    return cost;
  };
}
