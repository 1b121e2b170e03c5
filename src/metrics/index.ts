// Public surface of the pure computed-metrics module.
export { hIndex, i10Index, gIndex, citationTotal } from './indices';
export { mean, primaryCategory, primarySubject } from './aggregates';
export { authorMetrics, type AuthorMetrics, type PaperFacts } from './author-metrics';
export { contiguousYears, gIndexOfHistogram, h5, hIndexOfHistogram, median, paperSetStats, topCitations, type CategoryYearGroup, type CitationBucket, type PaperSetStats } from './paper-set';
export { noveltySummary, type NoveltyPoint, type NoveltySummary } from './novelty-summary';
