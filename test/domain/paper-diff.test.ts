// What counts as a change of a paper: the same rule for the API's writes and the importer.
import { changedPaperFields, changesAuthorMetrics, movedAuthors, sameAuthorList } from '../../src/domain/paper-diff';

const stored = { id: 7, title: 'Attention', citationCount: 12, hasCode: 1, codeUrl: null, novelty: 0.4, topicId: 'T10965' };

describe('changedPaperFields', () => {
  it('is empty for the stored values sent again, a boolean against SQLite 0/1 included', () => {
    expect(changedPaperFields(stored, { title: 'Attention', citationCount: 12, hasCode: true, codeUrl: null, novelty: 0.4 })).toEqual({});
  });

  it('gives only the fields whose values differ, with their new values', () => {
    expect(changedPaperFields(stored, { title: 'Attention', citationCount: 13, hasCode: false, novelty: null })).toEqual({ citationCount: 13, hasCode: false, novelty: null });
  });

  it('takes a field left undefined as not given, and a field the stored row lacks as null', () => {
    expect(changedPaperFields(stored, { title: undefined, doi: null, workType: 'article' })).toEqual({ workType: 'article' });
  });

  it('compares any field it is given, not a fixed list', () => {
    expect(changedPaperFields(stored, { topicId: 'T10965' })).toEqual({});
    expect(changedPaperFields(stored, { topicId: 'T11000' })).toEqual({ topicId: 'T11000' });
  });
});

describe('author lists', () => {
  it('are the same only with the same authors in the same order', () => {
    expect(sameAuthorList([3, 1, 2], [3, 1, 2])).toBe(true);
    expect(sameAuthorList([3, 1, 2], [1, 3, 2])).toBe(false);
    expect(sameAuthorList([3, 1], [3, 1, 2])).toBe(false);
  });

  it('move the authors on one list only', () => {
    expect(movedAuthors([3, 1, 2], [2, 4, 3])).toEqual({ added: [4], removed: [1] });
    expect(movedAuthors([3, 1, 2], [1, 2, 3])).toEqual({ added: [], removed: [] });
  });
});

describe('changesAuthorMetrics', () => {
  it('is false for fields the metrics never read, true for the others and for fields it does not know', () => {
    expect(changesAuthorMetrics({ title: 'T', abstract: 'A', codeUrl: null, hasCode: true, score: 3, externalId: 'x' })).toBe(false);
    expect(changesAuthorMetrics({ citationCount: 1 })).toBe(true);
    expect(changesAuthorMetrics({ codeUrl: null, publishedAt: '2024-01-01' })).toBe(true);
    expect(changesAuthorMetrics({ someNewField: 1 })).toBe(true);
  });
});
