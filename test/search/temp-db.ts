// A migrated SQLite file in a fresh temp directory, and the nasty inputs every search must survive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';

export interface TempDb {
  db: Db;
  dir: string;
  close(): void;
}

export function openTempDb(): TempDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-search-'));
  const db = openDatabase(path.join(dir, 'search.db'));
  migrateDatabase(db);
  return {
    db,
    dir,
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const NASTY_INPUTS: readonly string[] = [
  '', ' ', '"', '""', '"""', "'", '(', ')', '()', '((a', 'a))', 'NEAR(', 'NEAR(a b', 'NEAR(a b, 2)', 'a OR', 'OR',
  'AND', 'NOT', 'a NOT', 'a AND OR NOT b', '-x', '--', '*', 'a*', '*a', '"a"*', 'title:x', 'abstract:', 'name:x',
  '{title abstract}:x', '^', '^a', 'a^', '+', 'a + b', ':', '\\', '%', '_', '\0', 'a\0b', '\u0000\u0000',
  '🙂', '👩‍🔬 deep', 'deep 👩‍🔬', '🇭🇺', 'x\u0301', '\u0301', '\uFEFF', '\u200B', '\uD800', 'a\uDC00b',
  'Bala\u0301zs', '刘宗凯', 'ΣΊΣΥΦΟΣ', 'a'.repeat(10_000), 'word '.repeat(2_000), '"('.repeat(5_000),
  Array.from({ length: 2_000 }, (_, i) => `w${i}`).join(' '), '🙂'.repeat(5_000),
];

/** Text built from FTS5 syntax, words and odd characters, to hit the parser where it is weak. */
export const ftsSyntaxText = fc
  .array(fc.constantFrom('"', "'", '(', ')', '*', '^', ':', '-', '+', ',', 'OR', 'AND', 'NOT', 'NEAR', 'NEAR(',
    'title:', '{', '}', ' ', ' ', 'neural', 'x', 'é', 'ß', '🙂', '\0', '\u0301', '\uD800'), { maxLength: 30 })
  .map((parts) => parts.join(''));

/** Any text a client could send: graphemes, full-range code points, lone UTF-16 code units. */
export const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: fc.nat(0xffff).map((c) => String.fromCharCode(c)), maxLength: 50 }),
  ftsSyntaxText,
);
