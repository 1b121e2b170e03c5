// Lines of our export read back: taken as written, every field checked, bad lines refused with
// a reason a person can act on.
import fs from 'node:fs';
import path from 'node:path';
import { importLines } from '../../src/import/import-file';
import { isScholarGraphRecord, mapScholarGraphLine } from '../../src/import/scholargraph-record';
import { rows, scratchFolder } from '../import/support';

const scratch = scratchFolder('scholargraph-record-');

const LINE = {
  scholargraph: 1,
  id: 'UGFwZXI6MQ',
  externalId: '2503.07365',
  title: 'MM-Eureka: $x^2$ and Bal\\\'azs, kept as written',
  abstract: '  Two  spaces stay.',
  category: 'cs.LG',
  publishedAt: '2025-03-10',
  citationCount: 120,
  score: 48,
  novelty: 0.72,
  aiScore: null,
  hasCode: true,
  codeUrl: 'https://github.com/example/mm-eureka',
  authors: [
    { position: 2, id: 'QXV0aG9yOjI', name: 'Fanqing Meng', externalId: 'orcid:0000-0002' },
    { position: 1, id: 'QXV0aG9yOjE', name: 'Zongkai Liu', externalId: null },
  ],
};

const line = (changes: Record<string, unknown> = {}): string => JSON.stringify({ ...LINE, ...changes });

describe('mapScholarGraphLine', () => {
  it('maps every field as written, authors by position, and knows every field', () => {
    expect(mapScholarGraphLine(line())).toEqual({
      fields: {
        externalId: '2503.07365',
        title: LINE.title,
        abstract: LINE.abstract,
        category: 'cs.LG',
        topicId: null,
        topicIds: null,
        workType: null,
        doi: null,
        arxivId: null,
        publishedAt: '2025-03-10',
        score: 48,
        novelty: 0.72,
        aiScore: null,
        citationCount: 120,
        hasCode: true,
        codeUrl: 'https://github.com/example/mm-eureka',
      },
      authors: [
        { name: 'Zongkai Liu', key: 'zongkai liu', externalId: null },
        { name: 'Fanqing Meng', key: 'fanqing meng', externalId: 'orcid:0000-0002' },
      ],
      topics: [],
      knows: 'all',
    });
  });

  it.each([
    ['broken JSON', '{"scholargraph": 1, "title": "cut', /^invalid JSON/],
    ['a newer format version', line({ scholargraph: 2 }), /^written in version 2 of the ScholarGraph export format; this version reads version 1: upgrade/],
    ['a paper without externalId', line({ externalId: null }), /^no externalId: a paper is matched by its external id on import/],
    ['a blank title', line({ title: '   ' }), /^title must not be blank$/],
    ['a title too long', line({ title: 'x'.repeat(1001) }), /^title longer than 1000 characters \(1001\)$/],
    ['a category not in arXiv form', line({ category: 'Computer Science' }), /^category must be an arXiv category code such as cs.LG, or null, got "Computer Science"$/],
    ['a date that does not exist', line({ publishedAt: '2025-02-30' }), /^publishedAt must be a real date, YYYY-MM-DD, got "2025-02-30"$/],
    ['a fractional citationCount', line({ citationCount: 1.5 }), /^citationCount must be a whole number from 0, got 1.5$/],
    ['a score as a string', line({ score: '48' }), /^score must be a number from 0 to 100, got "48"$/],
    ['a novelty above 1', line({ novelty: 3 }), /^novelty must be a number from 0 to 1 or null, got 3$/],
    ['hasCode not a boolean', line({ hasCode: 'yes' }), /^hasCode must be true or false, got "yes"$/],
    ['a codeUrl without code', line({ hasCode: false }), /^codeUrl is set but hasCode is false/],
    ['a codeUrl not http(s)', line({ codeUrl: 'ftp://example.org' }), /^codeUrl must be an http\(s\) URL/],
    ['two authors at one position', line({ authors: [{ position: 1, name: 'A' }, { position: 1, name: 'B' }] }), /^two authors at position 1$/],
    ['a position 0', line({ authors: [{ position: 0, name: 'A' }] }), /^authors\[0\]\.position must be a whole number from 1, got 0$/],
    ['an author name too long', line({ authors: [{ position: 1, name: 'x'.repeat(301) }] }), /^name longer than 300 characters/],
  ])('refuses %s', (_label, text, reason) => {
    expect(() => mapScholarGraphLine(text)).toThrow(reason);
  });

  it('tells export lines from other formats', () => {
    expect(isScholarGraphRecord(LINE)).toBe(true);
    expect(isScholarGraphRecord({ id: '0704.0001', authors_parsed: [] })).toBe(false);
    expect(isScholarGraphRecord(null)).toBe(false);
  });
});

describe('importLines with mapScholarGraphLine', () => {
  it('imports the good lines and reports each bad one by line number and reason', async () => {
    const file = path.join(scratch.dir(), 'mixed.ndjson');
    fs.writeFileSync(file, [line(), line({ externalId: null, title: 'Unnamed' }), line({ externalId: '1.1', novelty: -1 }), ''].join('\n'));
    const db = scratch.freshDb('mixed');
    const summary = await importLines(db, file, mapScholarGraphLine);
    expect(summary).toMatchObject({ added: 1, skipped: 2 });
    expect(summary.skippedLines.map((s) => s.line)).toEqual([2, 3]);
    expect(summary.skippedLines[0].reason).toMatch(/no externalId/);
    expect(summary.skippedLines[1].reason).toMatch(/novelty/);
    expect(rows(db, 'SELECT title, abstract, score, novelty, ai_score, citation_count, has_code FROM papers')).toEqual([
      [LINE.title, LINE.abstract, 48, 0.72, null, 120, 1],
    ]);
    expect(rows(db, 'SELECT s.position, a.name, a.external_id FROM authorships s JOIN authors a ON a.id = s.author_id ORDER BY s.position')).toEqual([
      [1, 'Zongkai Liu', null],
      [2, 'Fanqing Meng', 'orcid:0000-0002'],
    ]);
  });
});
