import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description: 'An object with a global id: any id the API hands out can be fetched back with node(id:).',
  // Resolvers hand over database records; a paper is the one with a title.
  resolveType: (value: object) => ('title' in value ? 'Paper' : 'Author'),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque and stable; never parse it.' })
  id!: string;
}
