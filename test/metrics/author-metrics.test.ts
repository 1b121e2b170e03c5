// Tests for the combined per-author metrics.
import fc from 'fast-check';
import {
  authorMetrics,
  citationTotal,
  gIndex,
  hIndex,
  i10Index,
  mean,
  primaryCategory,
  type PaperFacts,
} from '../../src/metrics';

const fact = (
  citationCount: number,
  category: string,
  publishedAt: string,
  novelty: number | null = null,
  aiScore: number | null = null,
): PaperFacts => ({ citationCount, novelty, aiScore, category, publishedAt });

describe('authorMetrics', () => {
  it('computes the worked example', () => {
    const papers = [
      // scores are binary fractions so the expected means are exact
      fact(120, 'cs.LG', '2019-02-01', 1, 0.75),
      fact(60, 'cs.LG', '2020-03-01', 0.5, null),
      fact(30, 'cs.CL', '2021-04-01', null, 0.5),
      fact(12, 'cs.CL', '2022-05-01', 0.75, null),
      fact(4, 'stat.ML', '2023-06-01', null, 0.25),
      fact(3, 'cs.CL', '2024-07-01', null, null),
    ];
    expect(authorMetrics(papers)).toEqual({
      paperCount: 6,
      citationCount: 229,
      hIndex: 4,
      i10Index: 4,
      gIndex: 6,
      novelty: 0.75,
      aiScore: 0.5,
      primaryCategory: 'cs.CL',
      primaryTopicId: null,
      primarySubfieldId: null,
      primaryFieldId: null,
      primaryDomainId: null,
    });
  });

  it('gives zeros and nulls for an author with no papers', () => {
    expect(authorMetrics([])).toEqual({
      paperCount: 0,
      citationCount: 0,
      hIndex: 0,
      i10Index: 0,
      gIndex: 0,
      novelty: null,
      aiScore: null,
      primaryCategory: null,
      primaryTopicId: null,
      primarySubfieldId: null,
      primaryFieldId: null,
      primaryDomainId: null,
    });
  });

  it('leaves scores null when no paper has been scored', () => {
    const m = authorMetrics([fact(5, 'cs.LG', '2024-01-01'), fact(7, 'cs.LG', '2024-02-01')]);
    expect(m.novelty).toBeNull();
    expect(m.aiScore).toBeNull();
    expect(m.citationCount).toBe(12);
  });

  it('does not reorder the caller\'s papers', () => {
    const papers = Object.freeze([fact(1, 'a', '2020-01-01'), fact(50, 'b', '2021-01-01')]);
    authorMetrics(papers);
    expect(papers.map((p) => p.citationCount)).toEqual([1, 50]);
  });

  it('agrees with the individual metric functions', () => {
    const arb = fc.array(
      fc.record({
        citationCount: fc.nat({ max: 300 }),
        novelty: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        aiScore: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        category: fc.constantFrom('cs.LG', 'cs.CL', 'stat.ML'),
        publishedAt: fc.constantFrom('2019-01-01', '2022-07-01', '2024-12-31'),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (papers) => {
        const cs = papers.map((p) => p.citationCount);
        expect(authorMetrics(papers)).toEqual({
          paperCount: papers.length,
          citationCount: citationTotal(cs),
          hIndex: hIndex(cs),
          i10Index: i10Index(cs),
          gIndex: gIndex(cs),
          novelty: mean(papers.map((p) => p.novelty)),
          aiScore: mean(papers.map((p) => p.aiScore)),
          primaryCategory: primaryCategory(papers),
          primaryTopicId: null,
          primarySubfieldId: null,
          primaryFieldId: null,
          primaryDomainId: null,
        });
      }),
    );
  });
});

describe('primary subjects', () => {
  const geology = { topicId: 'T10965', subfieldId: 'subfields/1907', fieldId: 'fields/19', domainId: 'domains/3' };
  const paleontology = { topicId: 'T10890', subfieldId: 'subfields/1911', fieldId: 'fields/19', domainId: 'domains/3' };
  const ocean = { topicId: 'T11226', subfieldId: 'subfields/1910', fieldId: 'fields/19', domainId: 'domains/3' };

  it("takes each level's most frequent subject on its own, and skips papers without one", () => {
    const m = authorMetrics([
      { ...fact(3, null as unknown as string, '2020-01-01'), ...geology },
      { ...fact(3, null as unknown as string, '2021-01-01'), ...paleontology },
      { ...fact(3, null as unknown as string, '2022-01-01'), ...ocean },
      { ...fact(3, null as unknown as string, '2023-01-01'), ...paleontology },
      fact(1, 'physics.geo-ph', '2019-01-01'),
      fact(1, null as unknown as string, '2024-01-01'),
    ]);
    expect([m.primaryCategory, m.primaryTopicId, m.primarySubfieldId, m.primaryFieldId, m.primaryDomainId]).toEqual([
      'physics.geo-ph', 'T10890', 'subfields/1911', 'fields/19', 'domains/3',
    ]);
  });

  it('gives a tie to the subject of the most recent paper', () => {
    const m = authorMetrics([
      { ...fact(3, null as unknown as string, '2020-01-01'), ...paleontology },
      { ...fact(3, null as unknown as string, '2022-01-01'), ...geology },
    ]);
    expect(m.primarySubfieldId).toBe('subfields/1907');
  });
});
