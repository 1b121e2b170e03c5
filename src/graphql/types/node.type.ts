import { Field, ID, InterfaceType } from 'type-graphql';

/** Resolvers hand over database records; a paper is the one with a title. */
export const nodeTypeOf = (value: object): 'Paper' | 'Author' => ('title' in value ? 'Paper' : 'Author');

@InterfaceType({
  description: 'An object with a global id: any id the API hands out can be fetched back with node(id:).',
  // TypeGraphQL wraps it in an async function; src/graphql/schema.ts puts it back as it is.
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque and stable; never parse it.' })
  id!: string;
}
