// PaperSetStats.bySubject: the papers of a set per subject, at a level of either taxonomy.
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context } from '../context';
import { arxivSubject, openAlexSubject } from '../subjects';
import { PaperSetStats, SubjectCount } from '../types/paper-stats.type';
import { SubjectLevel } from '../types/subject.type';

@Resolver(() => PaperSetStats)
export class PaperStatsResolver {
  @FieldResolver(() => [SubjectCount], {
    description:
      'Papers per subject at a level, most first: CATEGORY for arXiv categories, DOMAIN, FIELD, SUBFIELD or TOPIC for OpenAlex (by ' +
      "the paper's primary topic). Papers without a subject at that level are not counted.",
  })
  async bySubject(
    @Root() stats: PaperSetStats,
    @Arg('level', () => SubjectLevel, { defaultValue: SubjectLevel.SUBFIELD, description: 'The level; OpenAlex subfields by default.' })
    level: SubjectLevel,
    @Ctx() ctx: Context,
  ): Promise<SubjectCount[]> {
    if (level === SubjectLevel.CATEGORY) return stats.byCategory.map(({ category, count }) => ({ subject: arxivSubject(category.code), count }));
    const topics = await ctx.loaders.topicById.loadMany(stats.byTopic.map((t) => t.topicId));
    const counts = new Map<string, { name: string | null; count: number }>();
    stats.byTopic.forEach(({ count }, i) => {
      const topic = topics[i];
      if (!topic || topic instanceof Error) return;
      const [id, name] = {
        DOMAIN: [topic.domainId, topic.domainName],
        FIELD: [topic.fieldId, topic.fieldName],
        SUBFIELD: [topic.subfieldId, topic.subfieldName],
        TOPIC: [topic.id, topic.name],
      }[level];
      if (id === null) return;
      const entry = counts.get(id) ?? { name, count: 0 };
      entry.count += count;
      counts.set(id, entry);
    });
    return [...counts]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
      .map(([id, { name, count }]) => ({ subject: openAlexSubject(id, name), count }));
  }
}
