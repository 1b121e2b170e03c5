// Tests for the mean score and primary-category aggregates.
import fc from 'fast-check';
import { mean, primaryCategory } from '../../src/metrics';

const paper = (category: string, publishedAt: string) => ({ category, publishedAt });

describe('mean', () => {
  it('averages the non-null values and ignores null/undefined', () => {
    expect(mean([1, null, 2, undefined, 6])).toBe(3);
    expect(mean([0.5])).toBe(0.5);
  });

  it('counts zero as a real value', () => {
    expect(mean([0, 1])).toBe(0.5);
  });

  it('is null when there are no values', () => {
    expect(mean([])).toBeNull();
    expect(mean([null, undefined, null])).toBeNull();
  });

  it('returns the value itself when all values are equal', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
  });

  it('lies between the min and max of the non-null values', () => {
    const value = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), (vs) => {
        const present = vs.filter((v): v is number => v !== null);
        const m = mean(vs);
        if (present.length === 0) return m === null;
        return m !== null && m >= Math.min(...present) && m <= Math.max(...present);
      }),
    );
  });
});

describe('primaryCategory', () => {
  it('is null for no papers', () => {
    expect(primaryCategory([])).toBeNull();
  });

  it('picks the most frequent category', () => {
    const papers = [
      paper('cs.LG', '2024-01-01'),
      paper('cs.CL', '2024-06-01'),
      paper('cs.LG', '2020-01-01'),
    ];
    expect(primaryCategory(papers)).toBe('cs.LG');
  });

  it('breaks a frequency tie by the most recent paper among the tied categories', () => {
    const papers = [
      paper('cs.LG', '2021-01-01'),
      paper('cs.CL', '2023-05-01'),
      paper('cs.LG', '2022-01-01'),
      paper('cs.CL', '2019-01-01'),
      // most recent overall, but not a tied category
      paper('stat.ML', '2025-01-01'),
    ];
    expect(primaryCategory(papers)).toBe('cs.CL');
  });

  it('breaks a same-date tie by the smallest category code', () => {
    const papers = [paper('math.OC', '2024-03-01'), paper('cs.LG', '2024-03-01')];
    expect(primaryCategory(papers)).toBe('cs.LG');
    expect(primaryCategory([...papers].reverse())).toBe('cs.LG');
  });

  it('returns a category with maximal frequency', () => {
    const arb = fc.array(
      fc.record({
        category: fc.constantFrom('cs.LG', 'cs.CL', 'cs.CV', 'math.OC'),
        publishedAt: fc.constantFrom('2020-01-01', '2021-06-15', '2023-12-31'),
      }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (papers) => {
        const counts = new Map<string, number>();
        for (const p of papers) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
        const top = primaryCategory(papers);
        return top !== null && counts.get(top) === Math.max(...counts.values());
      }),
    );
  });
});
