import fc from 'fast-check';
import { contiguousYears, hIndex, hIndexOfHistogram, paperSetStats } from '../../src/metrics';

describe('paper set aggregates', () => {
  it('computes the h-index from a citation histogram as from the list', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(80), { maxLength: 60 }), (citations) => {
        const histogram = new Map<number, number>();
        for (const c of citations) histogram.set(c, (histogram.get(c) ?? 0) + 1);
        const buckets = [...histogram].map(([c, papers]) => ({ citations: c, papers }));
        expect(hIndexOfHistogram(buckets)).toBe(hIndex(citations));
      }),
    );
  });

  it('sums groups into facets: categories most first, years oldest first, novelty over scored papers', () => {
    const stats = paperSetStats(
      [
        { category: 'cs.LG', year: 2025, papers: 2, citations: 40, noveltySum: 1.2, noveltyCount: 2 },
        { category: 'cs.CV', year: 2024, papers: 1, citations: 5, noveltySum: 0, noveltyCount: 0 },
        { category: 'cs.LG', year: 2023, papers: 1, citations: 1, noveltySum: 0.3, noveltyCount: 1 },
      ],
      [
        { citations: 30, papers: 1 },
        { citations: 10, papers: 1 },
        { citations: 5, papers: 1 },
        { citations: 1, papers: 1 },
      ],
    );
    expect(stats).toEqual({
      paperCount: 4,
      citationCount: 46,
      hIndex: 3,
      i10Index: 2,
      novelty: 0.5,
      byCategory: [{ category: 'cs.LG', count: 3 }, { category: 'cs.CV', count: 1 }],
      byYear: [{ year: 2023, count: 1 }, { year: 2024, count: 1 }, { year: 2025, count: 2 }],
    });
  });

  it('fills the years of a series between its first and last with zeros', () => {
    expect(contiguousYears([{ year: 2021, count: 2 }, { year: 2024, count: 1 }])).toEqual([
      { year: 2021, count: 2 }, { year: 2022, count: 0 }, { year: 2023, count: 0 }, { year: 2024, count: 1 },
    ]);
    expect(contiguousYears([])).toEqual([]);
  });
});
