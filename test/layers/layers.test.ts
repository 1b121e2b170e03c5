// The layer rules of src/ (issue 18): dependency-cruiser's rules in .dependency-cruiser.cjs (no
// import cycles; the driver and Drizzle only in the store; the store reached through its
// interface; no GraphQL in the store), and no SQL text outside the store. What broke a rule when
// it was written is listed (.dependency-cruiser-known-violations.json, sql-outside-store.json):
// anything else fails, and so does a listed break that is gone, so that the lists only shrink.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

interface Violation {
  type: string;
  from: string;
  to: string;
  cycle?: { name: string }[];
  rule: { name: string };
}

/** One line per violation, the same for the same break whatever the run. */
function describe_(violation: Violation): string {
  const via = violation.cycle ? ` via ${violation.cycle.map((step) => step.name).join(' -> ')}` : '';
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}${via}`;
}

/** dependency-cruiser's violations of src/ under `dir` (the repository's own by default), by its rules. */
function cruise(dir = root): Violation[] {
  const out = execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: dir, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
  );
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

// SQL as the code writes it: a statement keyword in capitals, Drizzle's sql`` tag, or a prepared
// statement. Capitals only, so that English prose ("select the rows") is not SQL.
const SQL = /\b(?:SELECT\s+[\w*($]|INSERT\s+(?:OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(?:TABLE|INDEX|TRIGGER|VIRTUAL)\b|PRAGMA\s+\w|WITH\s+RECURSIVE\b)|\bsql`|\.prepare\(|\.pragma\(|\.exec\(\s*[`'"]/;
const STORE = /^src\/store\//;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return filesUnder(relative);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [relative] : [];
  });
}

/** The files of src/ outside the store whose code holds SQL. */
function sqlOutsideStore(): string[] {
  return filesUnder('src')
    .filter((file) => !STORE.test(file) && !file.startsWith('src/playground/client/'))
    .filter((file) => SQL.test(fs.readFileSync(path.join(root, file), 'utf8')))
    .sort();
}

function readList(file: string): string[] {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

describe('layers of src/', () => {
  let violations: string[];
  beforeAll(() => {
    violations = [...new Set(cruise().map(describe_))].sort();
  }, 120_000);

  it('breaks no dependency rule beyond those listed when the rules were written', () => {
    const known = new Set(readList('.dependency-cruiser-known-violations.json').map((v: any) => describe_(v)));
    const added = violations.filter((violation) => !known.has(violation));
    expect({ added, hint: added.length ? 'import through src/store/index.ts, or move the code into src/store' : '' }).toEqual({ added: [], hint: '' });
  });

  it('lists no break that is gone: the known list only shrinks', () => {
    const now = new Set(violations);
    const gone = readList('.dependency-cruiser-known-violations.json').map((v: any) => describe_(v)).filter((violation) => !now.has(violation));
    expect({ gone, hint: gone.length ? 'remove these entries from .dependency-cruiser-known-violations.json' : '' }).toEqual({ gone: [], hint: '' });
  });

  it('catches each kind of break, on a small tree made to break them', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'scholargraph-layers-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16' }, include: ['src'] }));
      write('src/services/reads.ts', "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n");
      write('src/services/a.ts', "import { b } from './b';\nexport const a = () => b();\n");
      write('src/services/b.ts', "import { a } from './a';\nexport const b = (): unknown => a;\n");
      write('src/store/index.ts', "import { GraphQLError } from 'graphql';\nexport const fail = () => new GraphQLError('no');\n");
      write('src/store/sqlite/reads.ts', 'export const one = 1;\n');
      write('src/http/route.ts', "import { one } from '../store/sqlite/reads';\nexport const two = one + 1;\n");
      // A cycle is reported once, from whichever of its modules comes first.
      const broken = cruise(dir).map((violation) => `${violation.rule.name}: ${violation.cycle ? 'src/services/a.ts <-> b.ts' : violation.from}`);
      expect(broken.sort()).toEqual(
        [
          'driver-only-in-store: src/services/reads.ts',
          'no-cycles: src/services/a.ts <-> b.ts',
          'no-graphql-in-store: src/store/index.ts',
          'store-through-its-interface: src/http/route.ts',
        ].sort(),
      );
      // And SQL text, however it is written.
      expect(SQL.test("db.prepare('SELECT id FROM papers')")).toBe(true);
      expect(SQL.test('const rows = sql`select 1`')).toBe(true);
      expect(SQL.test('// select the papers of an author, then update their counts')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('holds no SQL outside the store beyond the files listed when the rule was written', () => {
    const known = new Set(readList('test/layers/sql-outside-store.json'));
    const now = sqlOutsideStore();
    const added = now.filter((file) => !known.has(file));
    const gone = [...known].filter((file) => !now.includes(file));
    expect({ added, gone }).toEqual({ added: [], gone: [] });
  });
});
