// Tests for the h, i10 and g citation indices.
import fc from 'fast-check';
import { citationTotal, gIndex, hIndex, i10Index } from '../../src/metrics';

const citations = fc.array(fc.nat({ max: 200 }), { maxLength: 40 });

// Reference definition straight from Hirsch: largest h with at least h papers cited >= h times.
function naiveH(cs: readonly number[]): number {
  let best = 0;
  for (let h = 0; h <= cs.length; h++) {
    if (cs.filter((c) => c >= h).length >= h) best = h;
  }
  return best;
}

describe('citation indices: worked examples', () => {
  it('computes the worked example [120, 60, 30, 12, 4, 3]', () => {
    const cs = [120, 60, 30, 12, 4, 3];
    expect(hIndex(cs)).toBe(4);
    expect(i10Index(cs)).toBe(4);
    // Uncapped g would be 15 (15^2 = 225 <= 229); capped at the 6 real papers.
    expect(gIndex(cs)).toBe(6);
    expect(citationTotal(cs)).toBe(229);
  });

  it('returns zero for an author with no papers', () => {
    expect(hIndex([])).toBe(0);
    expect(i10Index([])).toBe(0);
    expect(gIndex([])).toBe(0);
    expect(citationTotal([])).toBe(0);
  });

  it('returns zero for papers that were never cited', () => {
    expect(hIndex([0, 0, 0])).toBe(0);
    expect(gIndex([0, 0, 0])).toBe(0);
    expect(i10Index([0, 0, 0])).toBe(0);
  });

  it('computes textbook h and g examples', () => {
    expect(hIndex([10, 8, 5, 4, 3])).toBe(4);
    // top-5 sum 30 >= 25
    expect(gIndex([10, 8, 5, 4, 3])).toBe(5);
    expect(hIndex([25, 8, 5, 3, 3])).toBe(3);
    expect(gIndex([25, 8, 5, 3, 3])).toBe(5);
    // one highly cited paper lifts g far above h
    expect(hIndex([25, 0, 0, 0, 0, 0])).toBe(1);
    expect(gIndex([25, 0, 0, 0, 0, 0])).toBe(5);
    expect(gIndex([3, 0, 0, 0])).toBe(1);
  });

  it('caps g at the number of papers', () => {
    expect(gIndex([100])).toBe(1);
    expect(gIndex([1000, 1000])).toBe(2);
  });

  it('does not depend on input order', () => {
    expect(hIndex([3, 4, 10, 5, 8])).toBe(4);
    expect(gIndex([3, 4, 10, 5, 8])).toBe(5);
  });

  it('counts i10 at exactly 10 citations but not at 9', () => {
    expect(i10Index([9, 10, 11])).toBe(2);
  });

  it('does not mutate (or require mutable) input arrays', () => {
    const cs = Object.freeze([3, 120, 4, 60, 12, 30]);
    expect(hIndex(cs)).toBe(4);
    expect(gIndex(cs)).toBe(6);
    expect(i10Index(cs)).toBe(4);
    expect(citationTotal(cs)).toBe(229);
    expect(cs).toEqual([3, 120, 4, 60, 12, 30]);
  });
});

describe('citation indices: properties', () => {
  it('h equals the naive reference definition', () => {
    fc.assert(fc.property(citations, (cs) => hIndex(cs) === naiveH(cs)));
  });

  it('h, g and i10 never exceed the paper count', () => {
    fc.assert(
      fc.property(citations, (cs) => {
        expect(hIndex(cs)).toBeLessThanOrEqual(cs.length);
        expect(gIndex(cs)).toBeLessThanOrEqual(cs.length);
        expect(i10Index(cs)).toBeLessThanOrEqual(cs.length);
      }),
    );
  });

  it('g is at least h', () => {
    fc.assert(fc.property(citations, (cs) => gIndex(cs) >= hIndex(cs)));
  });

  it('h never falls when a paper gains a citation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (cs, pick) => {
          const i = pick % cs.length;
          const more = cs.map((c, j) => (j === i ? c + 1 : c));
          return hIndex(more) >= hIndex(cs);
        },
      ),
    );
  });

  it('h never falls when a paper is added', () => {
    fc.assert(
      fc.property(citations, fc.nat({ max: 200 }), (cs, c) => hIndex([...cs, c]) >= hIndex(cs)),
    );
  });

  it('h is invariant under permutation', () => {
    fc.assert(
      fc.property(
        citations.chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length }))),
        ([cs, shuffled]) => hIndex(shuffled) === hIndex(cs),
      ),
    );
  });

  it('total is the sum of the citations', () => {
    fc.assert(
      fc.property(citations, (cs) => citationTotal(cs) === cs.reduce((a, b) => a + b, 0)),
    );
  });
});
