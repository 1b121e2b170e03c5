// Shapes the aggregates of the data layer for GraphQL: category codes become Category objects.
import { categoryParts } from '../domain/arxiv-categories';
import { type PaperSetStats as Stats } from '../metrics';
import { type PaperSetStats } from './types/paper-stats.type';

export function toStatsType(stats: Stats): PaperSetStats {
  return { ...stats, byCategory: stats.byCategory.map(({ category, count }) => ({ category: categoryParts(category), count })) };
}
