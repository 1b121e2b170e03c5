// Input values for any GraphQL input type of the schema: mostly of the right type and near the
// edges the resolvers check (0, 100, 101, -1, empty lists, 100 ids), sometimes of a wrong type,
// so that both graphql-js's coercion and the resolvers' own checks get exercised.
import fc from 'fast-check';
import {
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { toGlobalId } from '../../src/graphql/ids';
import { encodeCursor } from '../../src/pagination/cursor';

/** An enum value: a bare name in a document, a string in variables. */
export class EnumValue {
  constructor(readonly name: string) {}
}

export type Value = null | boolean | number | string | EnumValue | Value[] | { [field: string]: Value };

export function toJson(value: Value): unknown {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/** The value as a GraphQL literal. */
export function printValue(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return `[${value.map(printValue).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${printValue(v)}`).join(', ')}}`;
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  return JSON.stringify(value);
}

export const name = fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,8}$/);

/** Text a client might send by mistake or on purpose: any code point, controls, operators, long. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string(), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme' }), weight: 2 },
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'x\udfff', '🦄 neural', 'NEAR(', '"', '*', 'OR -', ')(', '%', '_', '\\', "' OR 1=1 --"),
  fc.tuple(fc.constantFrom('a', 'é', '🦄', ' ', 'zongkai '), fc.integer({ min: 100, max: 5000 })).map(([s, n]) => s.repeat(n)),
);

const searchText = fc.oneof(
  fc.constantFrom('reasoning', 'reinforcement learning', 'neural netw', 'Zongkai Liu', 'liu z', 'Liu, Zongkai', 'balazs', 'multimodal', 'mm-eureka'),
  text,
);

/** Ids: real ones of both types (the demo data has small row ids), missing ones, and junk. */
export const idText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom('Author' as const, 'Paper' as const), fc.integer({ min: 1, max: 30 })).map(([t, n]) => toGlobalId(t, n)), weight: 12 },
  fc.tuple(fc.constantFrom('Author', 'Paper', 'Node', 'author', 'Foo'), fc.oneof(fc.integer({ min: -3, max: 1e6 }), fc.constant(2 ** 53 + 1)))
    .map(([t, n]) => Buffer.from(`${t}:${n}`).toString('base64url')),
  fc.string().map((s) => Buffer.from(s).toString('base64url')),
  text,
);

const cursorText = fc.oneof(
  // Well-formed cursors of the default orders of papers, authors and author lists.
  {
    arbitrary: fc.constantFrom(
      encodeCursor('PUBLISHED_AT_DESC', ['2025-03-10', 3]),
      encodeCursor('AUTHOR_NAME_ASC', ['Zongkai Liu', 1]),
      encodeCursor('POSITION', [2]),
    ),
    weight: 3,
  },
  fc.tuple(
    fc.constantFrom('PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'CITATION_COUNT_DESC', 'TITLE_ASC', 'POSITION', 'AUTHOR_NAME_ASC', 'RELEVANCE'),
    fc.array(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant('2025-03-10')), { maxLength: 3 }),
  ).map(([tag, key]) => encodeCursor(tag, key)),
  fc.string().map((s) => Buffer.from(s).toString('base64url')),
  text,
);

const categoryText = fc.oneof(
  { arbitrary: fc.constantFrom('cs.LG', 'cs.CV', 'stat.ML', 'hep-th', 'cs.AI', 'math.OC'), weight: 4 },
  fc.constantFrom('cs', 'CS.LG', 'cs.', '.LG', 'cs..LG'),
  text,
);
const externalIdText = fc.oneof(
  { arbitrary: fc.constantFrom('2503.07365', '10.1000/xyz123', '0000-0002-1825-0097', 'arXiv:2503.07365'), weight: 2 },
  text,
);
const dateText = fc.oneof(
  {
    arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    weight: 8,
  },
  fc.constantFrom('2024-02-30', '2024-13-01', '0000-00-00', '2024-1-1', '2025-03-10T00:00:00Z', '99999-01-01'),
  text,
);
const urlText = fc.oneof(
  { arbitrary: fc.webUrl(), weight: 8 },
  fc.constantFrom('http://', 'ftp://x.org', 'javascript:alert(1)', 'https://github.com/x/y'),
  text,
);

const int = fc.oneof(
  { arbitrary: fc.integer({ min: -1, max: 105 }), weight: 8 },
  fc.constantFrom(0, 1, 100, 101, -1, 1000, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53),
  fc.integer(),
);
const float = fc.oneof(
  { arbitrary: fc.double({ min: -5, max: 105, noNaN: true }), weight: 4 },
  fc.constantFrom(0, 1, 100, 100.5, -0.5, 1e308, -1e308, 5e-324),
);

function stringFor(argumentName: string): fc.Arbitrary<string> {
  if (argumentName === 'after') return cursorText;
  if (argumentName === 'search' || argumentName === 'name') return searchText;
  if (argumentName === 'category' || argumentName === 'categories') return categoryText;
  if (argumentName === 'externalId' || argumentName === 'externalIds') return externalIdText;
  if (argumentName === 'codeUrl') return urlText;
  return text;
}

/** Any JSON-like value, of whatever type: what a client sends when it gets the type wrong. */
export const anyValue: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    int,
    float,
    text,
    name.map((n) => new EnumValue(n)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(name, tie('value'), { maxKeys: 3 }),
  ),
})).value;

function validValueFor(type: GraphQLInputType, argumentName: string, wrong: number): fc.Arbitrary<Value> {
  if (isNonNullType(type)) return validValueFor(type.ofType, argumentName, wrong);
  if (isListType(type)) {
    const item = valueFor(type.ofType, argumentName, wrong);
    const scalarItems = isScalarType(isNonNullType(type.ofType) ? type.ofType.ofType : type.ofType);
    return fc.oneof(
      { arbitrary: fc.array(item, { maxLength: 4 }), weight: 8 },
      // Input coercion makes a single item a list of one.
      { arbitrary: item, weight: 1 },
      // Around the limits of 50 categories and 100 ids.
      { arbitrary: scalarItems ? fc.array(item, { minLength: 49, maxLength: 102 }) : fc.constant<Value[]>([]), weight: 1 },
    );
  }
  if (isEnumType(type)) {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...type.getValues().map((v) => new EnumValue(v.name))), weight: wrong - 1 },
      fc.constantFrom(new EnumValue('FOO'), type.getValues()[0].name, new EnumValue('asc')),
    );
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, f.name, wrong)]));
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.oneof(
      { arbitrary: fc.record(model, { requiredKeys: required }), weight: wrong - 1 },
      // A required field left out, or a field the type does not have.
      fc.tuple(fc.record(model, { requiredKeys: [] }), fc.option(fc.tuple(name, anyValue), { nil: undefined })).map(([record, extra]) =>
        extra ? { ...record, [extra[0]]: extra[1] } : record,
      ),
    ) as fc.Arbitrary<Value>;
  }
  switch (type.name) {
    case 'Int':
      return int;
    case 'Float':
      return float;
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.oneof({ arbitrary: idText, weight: 9 }, fc.integer({ min: -1, max: 40 }));
    case 'Date':
      return dateText;
    case 'DateTime':
      return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text);
    case 'URL':
      return urlText;
    default:
      return stringFor(argumentName);
  }
}

/**
 * A value for an input of `type` named `argumentName` (which picks realistic strings: cursors
 * for `after`, words for `search`, ...); of a wrong type one time in `wrong`.
 */
export function valueFor(type: GraphQLInputType, argumentName: string, wrong = 12): fc.Arbitrary<Value> {
  const nullable = !isNonNullType(type);
  return fc.oneof(
    { arbitrary: validValueFor(type, argumentName, wrong), weight: wrong - 1 },
    { arbitrary: nullable ? fc.constant(null) : anyValue, weight: 1 },
    { arbitrary: anyValue, weight: 1 },
  );
}
