// The corpus the PostgreSQL suites compare against SQLite over, more than the contract's six
// papers: the demo profile, a generated corpus and the real samples (test/fixtures/real, copies of
// ../shared/data), written through a store's own write path.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../../src/store';
import { mapOpenAlexLine } from '../../src/import/openalex-record';
import { mapArxivLine } from '../../src/import/arxiv-record';
import type { RecordMapper } from '../../src/import/record';
import type { NumberedRecord } from '../../src/store/write-types';
import { writeDemoProfileTo } from '../../seeds/demo-profile';
import { writeCorpusTo } from '../../seeds/corpus/write-corpus';

const DATA = path.join(__dirname, '..', 'fixtures', 'real');

function records(file: string, map: RecordMapper): NumberedRecord[] {
  const out: NumberedRecord[] = [];
  fs.readFileSync(path.join(DATA, file), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: i + 1, record: map(text) });
      } catch {
        // A line the importer skips is skipped on both engines.
      }
    });
  return out;
}

/** The demo profile, 300 generated papers and the real samples, into `store`. */
export async function writeRealRecords(store: Store): Promise<void> {
  await writeDemoProfileTo(store);
  await writeCorpusTo(store, { papers: 300, seed: 1 });
  for (const [file, map] of [
    ['openalex-works-sample.jsonl', mapOpenAlexLine],
    ['arxiv-metadata-sample.jsonl', mapArxivLine],
  ] as const) {
    const session = await store.openPaperWrites({ match: 'sourceIds', authors: 'source' });
    await session.write(records(file, map));
    await session.finish({ scoreNovelty: false });
  }
}
