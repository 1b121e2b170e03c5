// What a query costs, in the style of GitHub's GraphQL API: the most objects it can return.
// A connection (or any list with `first`) costs its page size times one plus what each of its
// items costs, so nested connections multiply; `first` left out counts as the schema's default.
// graphql-query-complexity walks the document (fragments, @include/@skip, variables).
// An aggregate of a whole list (its `totalCount`, its `stats`) returns one object but reads
// every row of the list: it costs the rows it scans, estimated from the table's statistics
// (./table-statistics.ts), once per connection, beside the connection's page.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { NEAREST } from '../novelty/measure';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/first';
import { LimitError } from './limit-error';
import { NO_ROWS, type TableStatistics } from './table-statistics';

/** A co-authorship search may visit up to 200,000 authors: it costs as much as a full page. */
const PATH_SEARCH_COST = MAX_PAGE_SIZE;

// The resolvers refuse larger pages; counting them as the largest keeps their BAD_USER_INPUT.
function pageSize(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), MAX_PAGE_SIZE) : fallback;
}

/**
 * Rows a `totalCount` scans for one point, and rows `stats` groups for one (measured on 100,000
 * papers: a filtered count 0.4 to 40 ms, the stats 80 to 220 ms, where a point, one object
 * returned, takes some 10 µs). A count of 100,000 papers costs 1,000; their stats 5,000.
 */
export const COUNT_ROWS_PER_POINT = 100;
export const STATS_ROWS_PER_POINT = 20;

/** The rows a connection's aggregates scan, per connection: null for those priced by their page alone. */
function scannedRows(parent: string, field: string, args: Record<string, unknown>, statistics: TableStatistics): number | null {
  if (parent === 'Query' && field === 'papers') {
    // Known papers by id are found by index; any other filter may visit every paper (a filter
    // narrows what is counted, not always what is read).
    return Array.isArray(args.externalIds) ? args.externalIds.length : statistics.papers;
  }
  if (parent === 'Author' && field === 'papers') {
    // An author's papers, found through the authorships index: the average author's.
    return Math.round(statistics.authorships / Math.max(1, statistics.authors));
  }
  if (parent === 'Query' && field === 'authors') return statistics.authors;
  return null;
}

interface Walk {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The coerced variables, for @skip and @include. */
  variables: Record<string, unknown>;
  /** The lists of the mutations' answers, by their field in the document: how many items each returns. */
  payloadLists: ReadonlyMap<FieldNode, number>;
}

const length = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/**
 * How many items each list of a mutation's answer holds, from the mutation's arguments where
 * they say (the authors given, the items), from the tables' averages where only the stored data
 * knows (the authors of the paper deleted, the papers of the author detached), at least one.
 */
function payloadListSizes(mutation: string, args: Record<string, any>, statistics: TableStatistics): Record<string, number> | null {
  const authorsPerPaper = statistics.authorships / Math.max(1, statistics.papers);
  const papersPerAuthor = statistics.authorships / Math.max(1, statistics.authors);
  const atLeastOne = (n: number) => Math.max(1, Math.round(n));
  switch (mutation) {
    case 'createPaper':
    case 'upsertPaper':
      // The authors whose metrics the write refreshed: those it lists, and on an update those it replaced.
      return { authors: atLeastOne(length(args.input?.authors) + (mutation === 'upsertPaper' ? authorsPerPaper : 0)) };
    case 'updatePaper':
      return { authors: atLeastOne(length(args.authors) + authorsPerPaper) };
    case 'deletePaper':
      return { authors: atLeastOne(authorsPerPaper) };
    case 'deleteAuthor':
      return { detachedPapers: args.detach === true ? atLeastOne(papersPerAuthor) : 0 };
    case 'updateCitationCounts': {
      // Every paper it changed, and their authors.
      const items = atLeastOne(length(args.items));
      return { papers: items, authors: atLeastOne(items * authorsPerPaper) };
    }
    default:
      return null;
  }
}

/** The payload lists of an operation's mutations, sized; a fragment shared by two takes the larger. */
function payloadLists(schema: GraphQLSchema, operation: OperationDefinitionNode, walk: Omit<Walk, 'payloadLists'>, statistics: TableStatistics): Map<FieldNode, number> {
  const sizes = new Map<FieldNode, number>();
  const mutationType = schema.getMutationType();
  if (operation.operation !== 'mutation' || !mutationType) return sizes;
  for (const field of selectedFields(operation.selectionSet, walk)) {
    const definition = mutationType.getFields()[field.name.value];
    if (!definition) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, field, walk.variables);
    } catch {
      continue; // Arguments that do not fit: execution refuses them.
    }
    const lists = payloadListSizes(field.name.value, args, statistics);
    if (!lists) continue;
    for (const child of selectedFields(field.selectionSet, walk)) {
      const size = lists[child.name.value];
      if (size !== undefined) sizes.set(child, Math.max(size, sizes.get(child) ?? 0));
    }
  }
  return sizes;
}

// As execution decides: @skip(if: true) or @include(if: false) leaves a selection out.
function included(node: Parameters<typeof getDirectiveValues>[1], variables: Record<string, unknown>): boolean {
  return getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The fields a selection set asks for, through its fragments, as execution would collect them. */
function selectedFields(selectionSet: SelectionSetNode | undefined, walk: Omit<Walk, 'payloadLists'>, found: FieldNode[] = [], seen = new Set<string>()): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(selection, walk.variables)) continue;
    if (selection.kind === Kind.FIELD) found.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) selectedFields(selection.selectionSet, walk, found, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      selectedFields(walk.fragments.get(selection.name.value)?.selectionSet, walk, found, seen);
    }
  }
  return found;
}

/** What a connection's `totalCount` and `stats` cost together, over `rows` rows: whole points, so a small list's are free. */
export function aggregateCost(rows: number, selected: ReadonlySet<string>): number {
  return (selected.has('totalCount') ? Math.floor(rows / COUNT_ROWS_PER_POINT) : 0) + (selected.has('stats') ? Math.floor(rows / STATS_ROWS_PER_POINT) : 0);
}

const estimator = (statistics: TableStatistics, walk: Walk): ComplexityEstimator => ({ type, field, node, args, childComplexity }) => {
  if (field.args.some((arg) => arg.name === 'first')) {
    const page = pageSize(args.first, DEFAULT_PAGE_SIZE) * (1 + childComplexity);
    const rows = scannedRows(type.name, field.name, args, statistics);
    return rows === null ? page : page + aggregateCost(rows, new Set(selectedFields((node as FieldNode).selectionSet, walk).map((f) => f.name.value)));
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
  const listed = walk.payloadLists.get(node as FieldNode);
  if (listed !== undefined) return listed * (1 + childComplexity);
  if (type.name === 'Query' && field.name === 'collaborationPath') {
    // Its authors and steps: at most maxLength + 1 of each.
    return PATH_SEARCH_COST + ((args.maxLength ?? 4) + 1) * childComplexity;
  }
  return childComplexity;
};

function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  return getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced ?? {};
}

function walkOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, statistics: TableStatistics): Walk {
  const walk = { fragments: fragmentsOf(document), variables: coercedVariables(schema, operation, variables) };
  return { ...walk, payloadLists: payloadLists(schema, operation, walk, statistics) };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

// graphql-query-complexity stops counting past this many fields (fragments spread out).
const MAX_FIELDS = 10_000;

/** The operation's cost, at least 1; its variables change it (`first: $n`), and the tables' sizes its aggregates. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  statistics: TableStatistics = NO_ROWS,
): number {
  try {
    const cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: [estimator(statistics, walkOf(schema, document, operation, variables, statistics))],
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
const COST_ARGUMENTS = new Set(['first', 'ids', 'maxLength', 'items', 'externalIds', 'input', 'authors', 'detach']);

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

interface KnownDocument {
  /** The variables its cost depends on (costVariables). */
  variables: string[];
  costs: Map<string, number>;
}

function remember(known: KnownDocument, key: string, cost: number): number {
  if (known.costs.size >= COSTS_PER_DOCUMENT) known.costs.clear();
  known.costs.set(key, cost);
  return cost;
}

/**
 * queryCost, remembered per parsed document (Apollo's document cache hands back the same one
 * for the same query text): a page requested again with another id or cursor is not walked
 * again. Documents parsed anew each time are simply counted each time. `count` is the counting
 * itself (queryCost; a test counts the calls).
 */
export function documentCosts(count: typeof queryCost = queryCost): typeof queryCost {
  const documents = new WeakMap<DocumentNode, KnownDocument>();
  return (schema, document, operation, variables, statistics = NO_ROWS) => {
    let known = documents.get(document);
    if (!known) {
      known = { variables: costVariables(document), costs: new Map() };
      documents.set(document, known);
    }
    const sizes = `${statistics.papers},${statistics.authors},${statistics.authorships}`;
    if (known.variables.length === 0) {
      // A cost no variable changes (a lookup by id, a page by cursor). As the walk does, variables
      // that do not fit their types cost 1 (execution refuses them): they are coerced to tell those
      // apart, and a cost of 1 needs not even that.
      const key = `${operation.name?.value ?? ''} ${sizes}`;
      const cost = known.costs.get(key);
      if (cost === 1) return cost;
      if (!getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced) return count(schema, document, operation, variables, statistics);
      return cost ?? remember(known, key, count(schema, document, operation, variables, statistics));
    }
    // The others are keyed by their cost variables as coerced, defaults applied.
    const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (!coerced) return count(schema, document, operation, variables, statistics);
    const key = JSON.stringify([operation.name?.value ?? null, known.variables.map((name) => (Object.hasOwn(coerced, name) ? [coerced[name]] : [])), sizes]);
    return known.costs.get(key) ?? remember(known, key, count(schema, document, operation, variables, statistics));
  };
}
