// The schema is the API reference: every type, field, argument, enum value and input field says
// what it is, so that GraphiQL's docs and generated clients read as documentation.
import { buildSchema } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { describeCensus } from './undescribed';

describe('schema descriptions', () => {
  it('describe every type, field, argument, enum value and input field', async () => {
    const { elements, undescribed } = describeCensus(await createSchema());
    expect(elements).toBeGreaterThan(300);
    // Each entry is a schema coordinate to give a `description:` in src/graphql.
    expect(undescribed).toEqual([]);
  });

  it('are checked on each kind of element: the undescribed ones are listed by coordinate', () => {
    const schema = buildSchema(`
      """Described."""
      type Query {
        """Described."""
        one(
          """Described."""
          a: Int
          b: Int
        ): Kind
        two(input: In): Int
      }
      enum Kind {
        """Described."""
        A
        B
      }
      """Described."""
      input In {
        x: Int
        """Described."""
        y: Int
      }
    `);
    // 15: the 12 above and the standard scalars Int, String and Boolean, which graphql-js describes.
    expect(describeCensus(schema)).toEqual({
      elements: 15,
      undescribed: ['Query.one(b:)', 'Query.two', 'Query.two(input:)', 'Kind', 'Kind.B', 'In.x'],
    });
  });
});
