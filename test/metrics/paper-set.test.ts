import fc from 'fast-check';
import { contiguousYears, gIndex, gIndexOfHistogram, h5, hIndex, hIndexOfHistogram, median, paperSetStats } from '../../src/metrics';

describe('paper set aggregates', () => {
  it('computes the h-index from a citation histogram as from the list', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(80), { maxLength: 60 }), (citations) => {
        const histogram = new Map<number, number>();
        for (const c of citations) histogram.set(c, (histogram.get(c) ?? 0) + 1);
        const buckets = [...histogram].map(([c, papers]) => ({ citations: c, papers, year: 2020 }));
        expect(hIndexOfHistogram(buckets)).toBe(hIndex(citations));
      }),
    );
  });

  it('computes the g-index from a histogram split by year as from the list', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ citations: fc.nat(200), year: fc.integer({ min: 2015, max: 2026 }) }), { maxLength: 80 }), (papers) => {
        const buckets = papers.map(({ citations, year }) => ({ citations, year, papers: 1 }));
        expect(gIndexOfHistogram(buckets)).toBe(gIndex(papers.map((p) => p.citations)));
      }),
    );
  });

  it('computes h5 over the five complete years before the reference year, with the median of its core', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ citations: fc.nat(60), year: fc.integer({ min: 2015, max: 2026 }) }), { maxLength: 80 }), (papers) => {
        const recent = papers.filter((p) => p.year >= 2020 && p.year <= 2024).map((p) => p.citations).sort((a, b) => b - a);
        const expected = hIndex(recent);
        const got = h5(papers.map((p) => ({ ...p, papers: 1 })), 2025);
        expect(got.h5Index).toBe(expected);
        expect(got.h5Median).toBe(expected === 0 ? null : median(recent.slice(0, expected).reverse()));
      }),
    );
    // Scholar's example shape: five papers of 2024 cited 10, 8, 5, 4, 3 -> h5 4, median of 10, 8, 5, 4 = 6.5.
    expect(h5([10, 8, 5, 4, 3].map((citations) => ({ citations, papers: 1, year: 2024 })), 2025)).toEqual({ h5Index: 4, h5Median: 6.5 });
    expect(h5([{ citations: 50, papers: 3, year: 2025 }], 2025)).toEqual({ h5Index: 0, h5Median: null });
  });

  it('sums groups into facets: categories most first, years oldest first, novelty over scored papers', () => {
    const stats = paperSetStats(
      [
        { category: 'cs.LG', year: 2025, papers: 2, citations: 40, noveltySum: 1.2, noveltyCount: 2, aiScoreSum: 100, aiScoreCount: 2 },
        { category: 'cs.CV', year: 2024, papers: 1, citations: 5, noveltySum: 0, noveltyCount: 0, aiScoreSum: 0, aiScoreCount: 0 },
        { category: 'cs.LG', year: 2023, papers: 1, citations: 1, noveltySum: 0.3, noveltyCount: 1, aiScoreSum: 20, aiScoreCount: 1 },
      ],
      [
        { citations: 30, papers: 1, year: 2025 },
        { citations: 10, papers: 1, year: 2025 },
        { citations: 5, papers: 1, year: 2024 },
        { citations: 1, papers: 1, year: 2023 },
      ],
      2026,
    );
    expect(stats).toEqual({
      paperCount: 4,
      citationCount: 46,
      hIndex: 3,
      i10Index: 2,
      gIndex: 4,
      h5Index: 3,
      h5Median: 10,
      novelty: 0.5,
      aiScore: 40,
      firstYear: 2023,
      lastYear: 2025,
      byCategory: [{ category: 'cs.LG', count: 3 }, { category: 'cs.CV', count: 1 }],
      byTopic: [],
      byYear: [{ year: 2023, count: 1 }, { year: 2024, count: 1 }, { year: 2025, count: 2 }],
    });
  });

  it('counts papers per arXiv category and per OpenAlex topic, each leaving out papers without one', () => {
    const group = { noveltySum: 0, noveltyCount: 0, aiScoreSum: 0, aiScoreCount: 0, citations: 0 };
    const stats = paperSetStats(
      [
        { ...group, category: 'physics.geo-ph', topicId: 'T10965', year: 2020, papers: 1 },
        { ...group, category: null, topicId: 'T10965', year: 2021, papers: 2 },
        { ...group, category: null, topicId: 'T10890', year: 2021, papers: 1 },
        { ...group, category: null, topicId: null, year: 2022, papers: 4 },
      ],
      [],
      2026,
    );
    expect([stats.paperCount, stats.byCategory, stats.byTopic]).toEqual([
      8,
      [{ category: 'physics.geo-ph', count: 1 }],
      [{ topicId: 'T10965', count: 3 }, { topicId: 'T10890', count: 1 }],
    ]);
  });

  it('fills the years of a series between its first and last with zeros', () => {
    expect(contiguousYears([{ year: 2021, count: 2 }, { year: 2024, count: 1 }])).toEqual([
      { year: 2021, count: 2 }, { year: 2022, count: 0 }, { year: 2023, count: 0 }, { year: 2024, count: 1 },
    ]);
    expect(contiguousYears([])).toEqual([]);
  });
});
