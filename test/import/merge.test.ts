// An arXiv record and the OpenAlex work of the same paper become one paper with both subjects,
// whichever comes first, and importing either again changes nothing. Built from real records of
// the shared samples: an arXiv record that has a DOI, and a real OpenAlex work given that DOI (or
// that arXiv id, as OpenAlex gives it in a location URL) as the OpenAlex record of that paper would.
import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../../src/import/import-file';
import { contentHash, rows, scratchFolder } from './support';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const lines = (file: string) => fs.readFileSync(path.join(REAL, file), 'utf8').split('\n').filter((l) => l.trim() !== '');

const arxivRecord = lines('arxiv-metadata-sample.jsonl')
  .map((l) => JSON.parse(l))
  .find((r) => typeof r.doi === 'string' && !r.doi.includes(' '));
const work = JSON.parse(lines('openalex-works-sample.jsonl').find((l) => JSON.parse(l).primary_topic)!);

const scratch = scratchFolder('merge-import-');

function write(name: string, record: unknown): string {
  const file = path.join(scratch.dir(), name);
  fs.writeFileSync(file, JSON.stringify(record) + '\n');
  return file;
}

const PAPER = `SELECT external_id, title, category, topic_id, work_type, doi, arxiv_id, published_at, citation_count FROM papers`;

describe('one paper from arXiv and OpenAlex', () => {
  const byDoi = () => ({ ...work, doi: `https://doi.org/${arxivRecord.doi}`, ids: { openalex: work.id, doi: `https://doi.org/${arxivRecord.doi}` } });
  const byArxivId = () => ({
    ...work,
    doi: null,
    ids: { openalex: work.id },
    primary_location: { landing_page_url: `https://arxiv.org/abs/${arxivRecord.id}v2`, pdf_url: null, source: null },
    locations: [],
  });

  it.each([
    ['the arXiv record first, matched by DOI', 'arxiv-first', byDoi, true],
    ['the OpenAlex work first, matched by DOI', 'openalex-first', byDoi, false],
    ['the arXiv record first, matched by the arXiv id of a location', 'arxiv-id', byArxivId, true],
  ])('%s: both subjects on one paper, and no change on a second import of each', async (_, name, openalex, arxivFirst) => {
    const db = scratch.freshDb(name);
    const arxivFile = write(`${name}-arxiv.jsonl`, arxivRecord);
    const workFile = write(`${name}-work.jsonl`, openalex());
    const files = arxivFirst ? [arxivFile, workFile] : [workFile, arxivFile];
    for (const file of files) expect((await importFile(db, file)).skipped).toBe(0);

    expect(rows(db, 'SELECT count(*) FROM papers')).toEqual([[1]]);
    const [paper] = db.sqlite.prepare(PAPER).all() as Record<string, unknown>[];
    const category = arxivRecord.categories.split(' ')[0];
    expect(paper).toMatchObject({
      category,
      topic_id: work.primary_topic.id.replace('https://openalex.org/', ''),
      work_type: work.type,
      arxiv_id: arxivRecord.id,
      // The citation count is OpenAlex's: arXiv knows none.
      citation_count: work.cited_by_count,
    });
    if (openalex === byDoi) expect(paper.doi).toBe(arxivRecord.doi.toLowerCase());
    // The paper's text and date stay its first source's.
    const first = arxivFirst ? { external_id: arxivRecord.id } : { external_id: arxivRecord.doi };
    expect(paper).toMatchObject(first);

    const hash = contentHash(db);
    for (const file of files) expect(await importFile(db, file)).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(contentHash(db)).toBe(hash);
    // The authors with OpenAlex ids are the paper's, whichever source came first.
    const identified = work.authorships.filter((a: { author: { id: string | null } }) => a.author.id).length;
    expect(rows(db, 'SELECT count(*) FROM authorships s JOIN authors a ON a.id = s.author_id WHERE a.external_id IS NOT NULL')).toEqual([[identified]]);
  });
});
