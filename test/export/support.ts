// What the export tests share: the export command run as a user runs it, and export files
// compared without the row ids, which belong to one database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type ExportedPaper } from '../../src/export/export-format';

const ROOT = path.join(__dirname, '..', '..');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** npm run export -- ...args, in a process of its own (tsx starts in about 2 s). */
export function runExport(...args: string[]): Run {
  const result = spawnSync('npx', ['tsx', 'src/cli/export.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function parseLines(text: string): ExportedPaper[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ExportedPaper);
}

export function readLines(file: string): ExportedPaper[] {
  return parseLines(fs.readFileSync(file, 'utf8'));
}

/** The text with every `"id":"..."` (of papers and authors) emptied: what two databases share. */
export function withoutRowIds(text: string): string {
  return text.replace(/"id":"[A-Za-z0-9_-]*"/g, '"id":""');
}
