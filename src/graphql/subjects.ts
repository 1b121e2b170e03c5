// Shapes the subjects of papers and authors for the schema: arXiv codes and OpenAlex topic rows
// as Subject and OpenAlexTopic objects.
import { categoryParts, type CategoryParts } from '../domain/arxiv-categories';
import { openAlexLevelOf } from '../domain/subjects';
import { type TopicRecord } from '../store';
import { SubjectLevel, Taxonomy, type OpenAlexTopic, type Subject } from './types/subject.type';

export function arxivSubject(code: string): Subject {
  return { id: code, name: categoryParts(code).name, taxonomy: Taxonomy.ARXIV, level: SubjectLevel.CATEGORY };
}

export function openAlexSubject(id: string, name: string | null): Subject {
  return { id, name, taxonomy: Taxonomy.OPENALEX, level: (openAlexLevelOf(id) ?? 'TOPIC') as SubjectLevel };
}

export function topicOf(row: TopicRecord): OpenAlexTopic {
  const level = (id: string | null, name: string | null) => (id === null ? null : openAlexSubject(id, name));
  return {
    id: row.id,
    name: row.name,
    subfield: level(row.subfieldId, row.subfieldName),
    field: level(row.fieldId, row.fieldName),
    domain: level(row.domainId, row.domainName),
  };
}

/** The arXiv category, then the topic's domain, field, subfield and the topic itself. */
export function subjectsOf(category: string | null, topic: OpenAlexTopic | null): Subject[] {
  const subjects: Subject[] = category === null ? [] : [arxivSubject(category)];
  if (topic) {
    for (const level of [topic.domain, topic.field, topic.subfield]) if (level) subjects.push(level);
    subjects.push(openAlexSubject(topic.id, topic.name));
  }
  return subjects;
}

/**
 * What the deprecated Paper.category says of a paper without an arXiv category: its OpenAlex
 * subfield in the Category shape, or an empty code when it has no subject at all.
 */
export function legacyCategory(category: string | null, topic: OpenAlexTopic | null): CategoryParts {
  if (category !== null) return categoryParts(category);
  const level = topic?.subfield ?? topic?.field ?? topic?.domain ?? (topic ? openAlexSubject(topic.id, topic.name) : null);
  if (!level) return { code: '', archive: '', subjectClass: null, name: null };
  return { code: level.id, archive: topic?.field?.id ?? topic?.domain?.id ?? level.id, subjectClass: null, name: level.name };
}
