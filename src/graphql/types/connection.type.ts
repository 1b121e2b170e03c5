// Relay connections. The page is loaded only when edges, nodes or pageInfo are asked for, and
// the count only when totalCount is: a client pays for what it selects.
import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type Page } from '../../store';

/** The description of every edge's cursor. */
export const CURSOR = 'Opaque; pass it as `after` to get the items that follow this one.';

@ObjectType({ description: 'Where a page sits in its list; pass endCursor as `after` for the next page.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when the page was asked for with an `after` cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item of the page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last item of the page, to pass as `after` for the next page; null when the page is empty.',
  })
  endCursor!: string | null;
}

/** Resolvers hand connections records, not GraphQL classes: field resolvers shape the rest. */
export interface Edge {
  cursor: string;
  node: unknown;
}

export interface ConnectionSource<TItem> {
  page(): Promise<Page<TItem>>;
  count(): Promise<number>;
  edge(item: TItem): Edge;
  node(item: TItem): unknown;
  hasPreviousPage: boolean;
}

export interface ConnectionOptions {
  /** totalCount's description, when the list counts in its own way. */
  totalCount?: string;
}

export function Connection(EdgeClass: ClassType<object>, NodeClass: ClassType<object>, options: ConnectionOptions = {}) {
  // Not a type of its own: only the classes that extend it are in the schema.
  @ObjectType()
  abstract class ConnectionClass {
    private readonly source: ConnectionSource<unknown>;

    constructor(source: ConnectionSource<any>) {
      this.source = source;
    }

    @Field(() => Int, { description: options.totalCount ?? 'How many items the whole list holds.' })
    totalCount(): Promise<number> {
      return this.source.count();
    }

    @Field(() => [EdgeClass], { description: 'The items of the page, each with its cursor and what links it to the list.' })
    async edges(): Promise<Edge[]> {
      return (await this.source.page()).items.map((item) => this.source.edge(item));
    }

    @Field(() => [NodeClass], { description: 'The nodes of the edges, for clients that need no cursors.' })
    async nodes(): Promise<unknown[]> {
      return (await this.source.page()).items.map((item) => this.source.node(item));
    }

    @Field(() => PageInfo, { description: 'Where the page sits in the list, and the cursor to ask for the next page.' })
    async pageInfo(): Promise<PageInfo> {
      const { items, hasNextPage } = await this.source.page();
      const first = items[0];
      const last = items[items.length - 1];
      return {
        hasNextPage,
        hasPreviousPage: this.source.hasPreviousPage,
        startCursor: first === undefined ? null : this.source.edge(first).cursor,
        endCursor: last === undefined ? null : this.source.edge(last).cursor,
      };
    }
  }
  return ConnectionClass;
}

/** Loads the page at most once however many of edges, nodes and pageInfo are selected. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= load());
}
