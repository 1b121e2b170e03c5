// The settings every connection gets (src/store/sqlite/client.ts): WAL, foreign keys, and the memory map
// that SQLITE_MMAP_MB sizes (src/config.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, sqliteMmapMb } from '../../../src/config';
import { openDatabase } from '../../../src/store/sqlite/client';

const MiB = 1024 * 1024;

describe('database connections', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-connection-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const mmapOf = (options: Parameters<typeof openDatabase>[1]) => {
    const db = openDatabase(path.join(dir, 'file.db'), options);
    try {
      return {
        mmap: db.sqlite.pragma('mmap_size', { simple: true }),
        journal: db.sqlite.pragma('journal_mode', { simple: true }),
        foreignKeys: db.sqlite.pragma('foreign_keys', { simple: true }),
      };
    } finally {
      db.close();
    }
  };

  it('reads through a memory map of just under 2 GiB by default, in WAL mode with foreign keys on', () => {
    expect(mmapOf({})).toEqual({ mmap: 2047 * MiB, journal: 'wal', foreignKeys: 1 });
  });

  it('takes the size of the map from SQLITE_MMAP_MB, and 0 turns it off', () => {
    expect(mmapOf({ mmapMb: sqliteMmapMb({ SQLITE_MMAP_MB: '256' }) }).mmap).toBe(256 * MiB);
    expect(mmapOf({ mmapMb: sqliteMmapMb({ SQLITE_MMAP_MB: '0' }) }).mmap).toBe(0);
    expect(sqliteMmapMb({})).toBe(2047);
  });

  it('refuses a size SQLite cannot map, at start, saying what it takes', () => {
    for (const value of ['4096', '-1', 'lots', '1.5']) {
      expect(() => loadConfig({ SQLITE_MMAP_MB: value })).toThrow(`SQLITE_MMAP_MB must be a number of MiB between 0 and 2047, got "${value}"`);
    }
  });
});
