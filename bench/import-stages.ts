// Where an import's time goes (issue 21): runs our import (src/import/import-file, as `npm run
// import` does) in this process and times its stages from the progress it reports: the records
// (reading, mapping in the worker thread, writing), the deferred indexes, the search index, the
// novelty, the authors' metrics. Prints them with the peak resident memory (VmHWM, the mapping
// thread included), and writes the stages' start times (µs of the monotonic clock, as a
// .cpuprofile's timestamps) to MARKS.json, for bench/cpu-profile-modules.ts.
//
//   node --require tsx/cjs [--cpu-prof --cpu-prof-dir DIR] bench/import-stages.ts FILE.jsonl DATABASE [MARKS.json]
import fs from 'node:fs';
import { importFile, type ImportProgress } from '../src/import/import-file';
import { migrateDatabase, openDatabase } from '../src/store';

type Stage = ImportProgress['stage'] | 'open and migrate' | 'close';

function statusMb(field: 'VmHWM' | 'RssAnon' | 'RssFile'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return kb ? Number(kb[1]) / 1024 : NaN;
}

const peakRssMb = (): number => statusMb('VmHWM');
// The resident memory now: the process's own (heaps, SQLite's page cache) and the pages of mapped
// files (the database, read through a memory map during a load), which the kernel can drop.
const rssNow = (): string => `${Math.round(statusMb('RssAnon'))} / ${Math.round(statusMb('RssFile'))}`;

async function main(): Promise<void> {
  const [file, databaseFile, marksFile] = process.argv.slice(2);
  if (!file || !databaseFile) throw new Error('usage: bench/import-stages.ts FILE.jsonl DATABASE [MARKS.json]');
  const now = (): number => Number(process.hrtime.bigint() / 1000n);
  const marks: { stage: Stage; at: number; rssMb: number; rss: string }[] = [];
  const enter = (stage: Stage): void => {
    if (marks[marks.length - 1]?.stage !== stage) marks.push({ stage, at: now(), rssMb: peakRssMb(), rss: rssNow() });
  };
  enter('open and migrate');
  const db = openDatabase(databaseFile);
  migrateDatabase(db);
  // The importer reports 'records' once a batch is written: its stage begins here.
  enter('records');
  const summary = await importFile(db, file, { onProgress: ({ stage }) => enter(stage) });
  enter('close');
  db.close();
  const end = now();
  const total = (end - marks[0].at) / 1e6;
  console.log(`${summary.added} added, ${summary.unchanged} unchanged in ${total.toFixed(1)} s (the importer's own ${summary.seconds.toFixed(1)} s, ${summary.recordsPerSecond} records/s)`);
  const last = rssNow();
  console.log('| stage | seconds | share | peak RSS at its end, MB | RSS own / mapped files at its end, MB |');
  console.log('| --- | --- | --- | --- | --- |');
  marks.forEach((mark, i) => {
    const next = marks[i + 1];
    const seconds = ((next?.at ?? end) - mark.at) / 1e6;
    console.log(`| ${mark.stage} | ${seconds.toFixed(2)} | ${((100 * seconds) / total).toFixed(1)}% | ${Math.round(next?.rssMb ?? peakRssMb())} | ${next?.rss ?? last} |`);
  });
  console.log(`peak RSS ${Math.round(peakRssMb())} MB`);
  if (marksFile) fs.writeFileSync(marksFile, JSON.stringify({ marks: marks.map(({ stage, at }) => ({ stage, at })), end }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
