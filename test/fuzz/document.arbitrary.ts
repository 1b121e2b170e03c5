// Random GraphQL documents built by walking the schema: fields with random arguments (literals or
// variables), aliases, inline and named fragments, directives, nesting to a bounded depth, and
// now and then a mistake (an unknown field, a wrong type condition, a missing sub-selection).
// Documents are plain data, printed in the property, so that fast-check can shrink them.
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { type GraphQLRequest } from './support';
import { anyValue, name, printValue, toJson, type Value, valueFor } from './values.arbitrary';

export interface Argument {
  name: string;
  value: Value;
  /** The declared type of the variable it is sent in, or null for a literal. */
  variable: string | null;
}

export interface Directive {
  name: string;
  args: Argument[];
}

export interface FieldSelection {
  kind: 'field';
  alias: string | null;
  name: string;
  args: Argument[];
  directives: Directive[];
  selections: Selection[] | null;
}

export interface FragmentSelection {
  kind: 'inline' | 'named';
  on: string | null;
  directives: Directive[];
  selections: Selection[];
}

/** Text printed as is: the deliberate mistakes. */
export interface RawSelection {
  kind: 'raw';
  text: string;
}

export type Selection = FieldSelection | FragmentSelection | RawSelection;

export interface Operation {
  type: 'query' | 'mutation' | 'subscription';
  name: string | null;
  selections: Selection[];
}

export interface Document {
  operations: Operation[];
  operationName: string | undefined;
}

export interface PrintedDocument extends GraphQLRequest {
  /** The operation that runs is (or may be) a mutation: nothing may be written without a key. */
  mutation: boolean;
}

export function printDocument(document: Document): PrintedDocument {
  const fragments: string[] = [];
  const variables: Record<string, unknown> = {};
  let variableCount = 0;
  const operations = document.operations.map((operation) => {
    const definitions: string[] = [];
    const argument = (a: Argument): string => {
      if (a.variable === null) return `${a.name}: ${printValue(a.value)}`;
      const variable = `v${variableCount++}`;
      definitions.push(`$${variable}: ${a.variable}`);
      variables[variable] = toJson(a.value);
      return `${a.name}: $${variable}`;
    };
    const args = (list: Argument[]) => (list.length ? `(${list.map(argument).join(', ')})` : '');
    const directives = (list: Directive[]) => list.map((d) => ` @${d.name}${args(d.args)}`).join('');
    const selectionSet = (list: Selection[]): string => {
      // The same field twice with other arguments is a conflict: the second gets an alias of its own.
      const names = new Set<string>();
      return `{ ${list.map((s) => selection(s, names)).join(' ')} }`;
    };
    const selection = (s: Selection, names: Set<string>): string => {
      switch (s.kind) {
        case 'raw':
          return s.text;
        case 'field': {
          const alias = s.alias ?? (names.has(s.name) ? `${s.name}${names.size}` : null);
          names.add(alias ?? s.name);
          return `${alias ? `${alias}: ` : ''}${s.name}${args(s.args)}${directives(s.directives)}${s.selections ? ` ${selectionSet(s.selections)}` : ''}`;
        }
        case 'inline':
          return `...${s.on ? ` on ${s.on}` : ''}${directives(s.directives)} ${selectionSet(s.selections)}`;
        case 'named': {
          const index = fragments.push('') - 1;
          fragments[index] = `fragment F${index} on ${s.on} ${selectionSet(s.selections)}`;
          return `...F${index}${directives(s.directives)}`;
        }
      }
    };
    const body = selectionSet(operation.selections);
    return `${operation.type}${operation.name ? ` ${operation.name}` : ''}${definitions.length ? `(${definitions.join(', ')})` : ''} ${body}`;
  });
  // The operation that runs, when it can be told before validation.
  const runs =
    document.operationName === undefined
      ? document.operations.length === 1 ? document.operations[0] : undefined
      : document.operations.find((o) => o.name === document.operationName);
  return {
    query: [...operations, ...fragments].join('\n'),
    variables,
    ...(document.operationName === undefined ? {} : { operationName: document.operationName }),
    mutation: (runs ? [runs] : document.operations).some((o) => o.type === 'mutation'),
  };
}

/**
 * One time in `n`, a mistake on purpose. A document makes a few hundred such choices, so the
 * default keeps about half of the documents valid, to reach the resolvers.
 */
const RARE = 300;

/** Wrong values for arguments: one in this many. */
const WRONG_VALUES = 40;

function sometimes<T>(usual: fc.Arbitrary<T>, mistake: fc.Arbitrary<T>, n = RARE): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: n - 1 }, { arbitrary: mistake, weight: 1 });
}

function argumentOf(arg: GraphQLArgument): fc.Arbitrary<Argument> {
  const declared = sometimes(
    fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.constant(String(arg.type)), weight: 1 }),
    fc.constantFrom('Int', 'String!', '[ID!]', 'Boolean', 'PaperOrder', 'Nope'),
  );
  return fc.record({ value: valueFor(arg.type, arg.name, WRONG_VALUES), variable: declared }).map((a) => ({ name: arg.name, ...a }));
}

function argumentsOf(args: readonly GraphQLArgument[]): fc.Arbitrary<Argument[]> {
  const each = args.map((arg) => {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const present = required ? sometimes(fc.constant(true), fc.constant(false)) : fc.boolean();
    return fc.tuple(present, argumentOf(arg)).map(([p, a]) => (p ? a : null));
  });
  const unknown = sometimes(
    fc.constant<Argument[]>([]),
    fc.tuple(name, anyValue).map(([n, value]): Argument[] => [{ name: n, value, variable: null }]),
  );
  return fc.tuple(fc.tuple(...each), unknown).map(([given, extra]) => [...given.filter((a): a is Argument => a !== null), ...extra]);
}

export function documentArbitrary(schema: GraphQLSchema, maxDepth = 4): fc.Arbitrary<Document> {
  const directiveOf = (name: string) => {
    const d = schema.getDirective(name)!;
    return argumentsOf(d.args).map((args): Directive => ({ name: d.name, args }));
  };
  const directive = sometimes(
    fc.oneof(directiveOf('include'), directiveOf('skip')),
    fc.oneof(directiveOf('deprecated'), directiveOf('specifiedBy'), fc.constant<Directive>({ name: 'cached', args: [] })),
    10,
  );
  const directives = sometimes(
    fc.constant<Directive[]>([]),
    sometimes(fc.tuple(directive).map((d): Directive[] => [...d]), fc.array(directive, { minLength: 2, maxLength: 3 }), 10),
    60,
  );
  const alias = sometimes(fc.constant(null), fc.constantFrom('a', 'b', 'c', 'x_1'), 8);

  const selectionSets = new Map<string, fc.Arbitrary<Selection[]>>();
  const selectionsOf = (type: GraphQLCompositeType, depth: number): fc.Arbitrary<Selection[]> => {
    const key = `${type.name}@${depth}`;
    let arbitrary = selectionSets.get(key);
    if (!arbitrary) {
      arbitrary = sometimes(fc.array(selectionOf(type, depth), { minLength: 1, maxLength: 3 }), fc.constant([]));
      selectionSets.set(key, arbitrary);
    }
    return arbitrary;
  };

  const fieldOf = (field: GraphQLField<unknown, unknown>, selections: fc.Arbitrary<Selection[] | null>): fc.Arbitrary<Selection> =>
    fc
      .record({ alias, args: argumentsOf(field.args), directives, selections })
      .map((f): Selection => ({ kind: 'field', name: field.name, ...f }));

  // The types a fragment inside `type` may be on: itself, its interfaces, its implementations.
  const conditionsOf = (type: GraphQLCompositeType): GraphQLCompositeType[] => {
    if (isAbstractType(type)) return [type, ...schema.getPossibleTypes(type)];
    if (isObjectType(type)) return [type, ...type.getInterfaces()];
    return [type];
  };

  const selectionOf = (type: GraphQLCompositeType, depth: number): fc.Arbitrary<Selection> => {
    const choices: fc.WeightedArbitrary<Selection>[] = [];
    const fields = isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
    for (const field of fields) {
      const named = getNamedType(field.type);
      if (isLeafType(named)) {
        choices.push({ arbitrary: fieldOf(field, sometimes(fc.constant(null), fc.constant([{ kind: 'raw', text: 'id' }]))), weight: 3 });
      } else if (isCompositeType(named) && depth > 0) {
        choices.push({ arbitrary: fieldOf(field, sometimes(selectionsOf(named, depth - 1), fc.constant(null))), weight: 3 });
      }
    }
    choices.push({ arbitrary: fc.constant<Selection>({ kind: 'raw', text: '__typename' }), weight: 1 });
    if (depth > 0) {
      const fragments = conditionsOf(type).map((condition) =>
        fc
          .record({ kind: fc.constantFrom('inline' as const, 'named' as const), directives, selections: selectionsOf(condition, depth - 1) })
          .chain((f) =>
            // `... { }` without a type condition is on the enclosing type.
            (f.kind === 'inline' && condition === type ? fc.constantFrom(condition.name, null) : fc.constant(condition.name)).map(
              (on): Selection => ({ ...f, on }),
            ),
          ),
      );
      choices.push({ arbitrary: fc.oneof(...fragments), weight: 2 });
    }
    const mistakes = [
      'citations',
      'totalcount',
      '...Missing',
      '... on Nope { id }',
      '... on Query { __typename }',
      '__typename(first: 1)',
      '__typename @include(if: $undeclared)',
      ...(type.name === 'Query' ? ['__schema { queryType { name } types { name kind } }', '__type(name: "Author") { name fields { name args { name } } }'] : []),
    ];
    return sometimes(fc.oneof(...choices), fc.constantFrom(...mistakes).map((text): Selection => ({ kind: 'raw', text })), 150);
  };

  const query = schema.getQueryType()!;
  const mutation = schema.getMutationType()!;
  const operationName = fc.constantFrom('A', 'B', 'Fuzz');
  const operation = fc.oneof(
    { arbitrary: fc.record({ type: fc.constant('query' as const), selections: selectionsOf(query, maxDepth) }), weight: 16 },
    { arbitrary: fc.record({ type: fc.constant('mutation' as const), selections: selectionsOf(mutation, maxDepth) }), weight: 4 },
    { arbitrary: fc.record({ type: fc.constant('subscription' as const), selections: selectionsOf(query, 0) }), weight: 1 },
  );
  const single = fc.record({
    operations: fc.tuple(operation, fc.option(operationName, { nil: null })).map(([o, name]): Operation[] => [{ ...o, name }]),
    operationName: sometimes(fc.constant(undefined), operationName, 10),
  });
  // Several operations, named A, B, ... unless a mistake leaves one anonymous or names two alike.
  const several = fc.record({
    operations: fc
      .tuple(fc.array(operation, { minLength: 2, maxLength: 3 }), sometimes(fc.constant<string | null>(null), fc.constantFrom('A', null), 5))
      .map(([list, first]) => list.map((o, i): Operation => ({ ...o, name: i === 0 ? (first ?? 'A') : String.fromCharCode(65 + i) }))),
    operationName: sometimes(fc.constantFrom('A', 'B'), fc.constantFrom(undefined, 'Fuzz'), 5),
  });
  return sometimes(single, several, 20);
}
