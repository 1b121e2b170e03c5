// The import's floor (issue 21): what a plain loader of the same arXiv snapshot costs on this
// machine. The file read line by line, each line JSON.parse'd, its paper, new authors and
// authorships inserted with prepared statements, 10,000 records per transaction, into tables with
// primary keys only; authors matched by their name in a Map. None of what `npm run import` adds
// for its users: no cleaning of TeX, no matching of known papers (a re-import would double them),
// no secondary or search indexes, no novelty, no metrics. bench/import-rate.ts runs it as a child
// process beside ours on the same file and prints records/s of both.
//
//   tsx bench/floor/import.ts FILE.jsonl DATABASE  ->  {"records":..,"authors":..,"seconds":..,"recordsPerSecond":..,"peakRssMb":..}
import fs from 'node:fs';
import readline from 'node:readline';
import Database from 'better-sqlite3';

const BATCH = 10_000;

interface ArxivLine {
  id: string;
  title: string;
  abstract: string;
  categories: string;
  update_date: string;
  doi: string | null;
  authors_parsed: [string, string, string?][];
}

export interface FloorImport {
  records: number;
  authors: number;
  seconds: number;
  recordsPerSecond: number;
}

export async function floorImport(file: string, databaseFile: string): Promise<FloorImport> {
  const started = process.hrtime.bigint();
  const sqlite = new Database(databaseFile);
  // The durability of the API's connection (WAL, synchronous NORMAL) and the page cache and
  // checkpoint interval our import tunes for a load, so that the two differ in work, not pragmas.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('wal_autocheckpoint = 100000');
  sqlite.exec(`
    CREATE TABLE papers (id INTEGER PRIMARY KEY, arxiv_id TEXT NOT NULL, title TEXT NOT NULL, abstract TEXT NOT NULL,
      category TEXT NOT NULL, published_at TEXT NOT NULL, doi TEXT);
    CREATE TABLE authors (id INTEGER PRIMARY KEY, name_key TEXT NOT NULL, name TEXT NOT NULL);
    CREATE TABLE authorships (paper_id INTEGER NOT NULL, position INTEGER NOT NULL, author_id INTEGER NOT NULL,
      PRIMARY KEY (paper_id, position)) WITHOUT ROWID;
  `);
  const insertPaper = sqlite.prepare('INSERT INTO papers (arxiv_id, title, abstract, category, published_at, doi) VALUES (?, ?, ?, ?, ?, ?)');
  const insertAuthor = sqlite.prepare('INSERT INTO authors (name_key, name) VALUES (?, ?)');
  const insertAuthorship = sqlite.prepare('INSERT INTO authorships (paper_id, position, author_id) VALUES (?, ?, ?)');
  const authorIds = new Map<string, number>();

  const write = sqlite.transaction((batch: ArxivLine[]) => {
    for (const r of batch) {
      const paperId = insertPaper.run(r.id, r.title, r.abstract, r.categories.split(' ')[0], r.update_date, r.doi).lastInsertRowid;
      r.authors_parsed.forEach(([last, first], position) => {
        const name = first ? `${first} ${last}` : last;
        const key = name.toLowerCase();
        let authorId = authorIds.get(key);
        if (authorId === undefined) {
          authorId = Number(insertAuthor.run(key, name).lastInsertRowid);
          authorIds.set(key, authorId);
        }
        insertAuthorship.run(paperId, position, authorId);
      });
    }
  });

  let records = 0;
  let batch: ArxivLine[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(JSON.parse(line) as ArxivLine);
    if (batch.length === BATCH) {
      write(batch);
      records += batch.length;
      batch = [];
    }
  }
  write(batch);
  records += batch.length;
  sqlite.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { records, authors: authorIds.size, seconds, recordsPerSecond: Math.round(records / seconds) };
}

if (require.main === module) {
  const [file, databaseFile] = process.argv.slice(2);
  if (!file || !databaseFile) {
    console.error('usage: tsx bench/floor/import.ts FILE.jsonl DATABASE');
    process.exit(2);
  }
  floorImport(file, databaseFile).then(
    (result) => console.log(JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 })),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
