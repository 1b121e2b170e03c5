// The commands on PostgreSQL (DATABASE_URL), run as a user runs them, each a process of its own,
// on a real throwaway cluster, with SQLite as the oracle: the real records (test/fixtures/real, copies of ../shared/data)
// imported give the same papers, authors and metrics on both; keys are made, listed and revoked;
// a generated corpus and `novelty --all` give what they give on SQLite; a SQLite demo database
// moved by `npm run export` then `npm run import` arrives whole; `backup` refuses and names
// pg_dump. DATABASE_URL carries a password (trust authentication ignores it) that no output shows.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../../../src/bootstrap';
import { hashApiKey } from '../../../src/auth/keys';
import { openPostgresStore, openSqliteStore, type Store, type StoredAuthorMetrics } from '../../../src/store';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';
import { withoutRowIds } from '../../export/support';

const ROOT = path.join(__dirname, '..', '..', '..');
const REAL = path.join(ROOT, 'test', 'fixtures', 'real');
const ARXIV = path.join(REAL, 'arxiv-metadata-sample.jsonl');
const OPENALEX = path.join(REAL, 'openalex-works-sample.jsonl');
const PASSWORD = 'not-to-be-seen';
// Each command starts tsx afresh (2 s and more on a busy machine).
const COMMANDS_MS = 240_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A command as `npx tsx src/cli/<name>.ts ...` runs it (node with tsx's loader: the same, without npx's start), in `env`. */
function command(name: string, args: readonly string[], env: NodeJS.ProcessEnv): Run {
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', `src/cli/${name}.ts`, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The environment without any database variable of the test run's own. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATABASE_PATH', 'DATABASE_READ_URLS']) delete env[name];
  return env;
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const to12 = (value: number | null): number | null => (value === null ? null : Number(value.toFixed(12)));

/** What two databases share of a store: every paper (by external id) with its author list and topics, every author's metrics. */
async function contents(store: Store) {
  const papers: Array<Record<string, unknown>> = [];
  const authors = new Map<number, { name: string; externalId: string | null; papers: string[] }>();
  for (let afterId = 0; ;) {
    const page = await store.exportPage(null, afterId, 1000);
    for (const { paper, authors: list, topics } of page) {
      const { id: _id, ...fields } = paper;
      papers.push({ ...fields, authors: list.map(({ position, name, externalId }) => ({ position, name, externalId })), topics });
      for (const author of list) {
        const entry = authors.get(author.id) ?? { name: author.name, externalId: author.externalId, papers: [] };
        entry.papers.push(String(paper.externalId));
        authors.set(author.id, entry);
      }
    }
    if (page.length < 1000) break;
    afterId = page[page.length - 1].paper.id;
  }
  const ids = [...authors.keys()];
  const metrics = await store.authorMetrics(ids);
  const byAuthor = ids.map((id, i) => {
    const { name, externalId, papers: theirs } = authors.get(id)!;
    const { changedAt: _changedAt, novelty, aiScore, ...rest } = metrics[i] as StoredAuthorMetrics;
    // Means, summed in the order each engine reads the papers: equal to 12 places.
    return { name, externalId, papers: theirs.sort(), ...rest, novelty: to12(novelty), aiScore: to12(aiScore) };
  });
  const key = (x: { externalId?: unknown; name?: unknown; papers?: unknown }) => JSON.stringify([x.externalId, x.name, x.papers]);
  return {
    papers: papers.sort((a, b) => String(a.externalId).localeCompare(String(b.externalId))),
    authors: byAuthor.sort((a, b) => key(a).localeCompare(key(b))),
    paperCount: await store.countPapers(),
    authorCount: await store.countAuthors(null),
  };
}

describe('the commands on PostgreSQL (DATABASE_URL)', () => {
  let cluster: PostgresCluster;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('scholargraph-cli-pg-');
    cluster = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A new empty database on the cluster; its URL with the password (ignored: trust authentication). */
  async function newDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: cluster.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(cluster.url);
    url.password = PASSWORD;
    url.pathname = `/${name}`;
    return url.toString();
  }

  const shown = (url: string): string => url.replace(PASSWORD, '***');
  const onPostgres = (url: string): NodeJS.ProcessEnv => ({ ...baseEnv(), DATABASE_URL: url });
  const onSqlite = (file: string): NodeJS.ProcessEnv => ({ ...baseEnv(), DATABASE_PATH: file });

  function succeeded(run: Run): Run {
    if (run.status !== 0) throw new Error(`exit ${run.status}\n${run.stderr}`);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    return run;
  }

  async function contentsOfPostgres(url: string) {
    const opened = await openPostgresStore(url, { migrate: false });
    try {
      return await contents(opened.store);
    } finally {
      await opened.close();
    }
  }

  async function contentsOfSqlite(file: string) {
    const { store, close } = openSqliteStore(file);
    try {
      return await contents(store);
    } finally {
      close();
    }
  }

  describe('import and novelty of the real records', () => {
    let url: string;
    let file: string;
    const summaries: Record<'postgres' | 'sqlite', string[]> = { postgres: [], sqlite: [] };
    /** A summary line without where it went and how long it took. */
    const summary = (run: Run): string => run.stdout.replace(/ into \S+:/, ' into X:').replace(/ in [\d.]+ s \(\d+ records\/s\)/, '');

    beforeAll(async () => {
      url = await newDatabase('imported');
      file = path.join(dir, 'imported.db');
      for (const source of [ARXIV, OPENALEX]) {
        summaries.postgres.push(summary(succeeded(command('import', [source], onPostgres(url)))));
        summaries.sqlite.push(summary(succeeded(command('import', [source], onSqlite(file)))));
      }
    }, COMMANDS_MS);

    it(
      'adds, skips and scores what SQLite does, and says where without the password',
      () => {
        expect(summaries.postgres).toEqual(summaries.sqlite);
        expect(summaries.postgres[0]).toMatch(
          /^Imported .*arxiv-metadata-sample\.jsonl into X: 200 added, 0 updated, 0 unchanged, 0 skipped; novelty computed for \d+ papers\n$/,
        );
        expect(summaries.postgres[1]).toMatch(/: \d+ added, \d+ updated, \d+ unchanged, \d+ skipped; novelty computed for \d+ papers\n$/);
        const again = succeeded(command('import', [OPENALEX], onPostgres(url)));
        expect(again.stdout).toMatch(/: 0 added, 0 updated, 407 unchanged, 0 skipped /);
        expect(again.stdout).toContain(` into ${shown(url)}: `);
      },
      COMMANDS_MS,
    );

    it('gives the same papers, author lists, authors and metrics as SQLite', async () => {
      const [postgres, sqlite] = [await contentsOfPostgres(url), await contentsOfSqlite(file)];
      expect(postgres.paperCount).toBe(607);
      expect(postgres).toEqual(sqlite);
    });

    it(
      'novelty --all scores every paper as on SQLite',
      async () => {
        const run = succeeded(command('novelty', ['--all'], onPostgres(url)));
        const oracle = succeeded(command('novelty', ['--all', '--database', file], baseEnv()));
        const counts = (text: string) => text.replace(/ in \S+ in [\d.]+ s .*$/s, '');
        expect(counts(run.stdout)).toEqual(counts(oracle.stdout));
        expect(run.stdout).toMatch(new RegExp(`^Novelty of \\d+ papers computed .* against 607 papers in ${escaped(shown(url))} in `));
        const [postgres, sqlite] = [await contentsOfPostgres(url), await contentsOfSqlite(file)];
        expect(postgres.papers.filter((p) => p.novelty !== null).length).toBeGreaterThan(400);
        expect(postgres).toEqual(sqlite);
      },
      COMMANDS_MS,
    );
  });

  it(
    'keys create, list and revoke on PostgreSQL',
    async () => {
      const url = await newDatabase('keyed');
      const created = succeeded(command('keys', ['create', '--role', 'writer', '--name', 'ingest bot'], onPostgres(url)));
      const key = created.stdout.trim();
      expect(key).toMatch(/^\S{20,}$/);
      expect(created.stderr).toMatch(/^Created writer key 1 \((\S+)\.\.\.\) for "ingest bot":/);
      const prefix = /\((\S+)\.\.\.\)/.exec(created.stderr)![1];

      const opened = await openPostgresStore(url, { migrate: false });
      try {
        expect(await opened.store.activeApiKeyByHash(hashApiKey(key))).toMatchObject({ role: 'writer' });
        const listed = succeeded(command('keys', ['list'], onPostgres(url)));
        expect(listed.stdout).toMatch(new RegExp(`^1\\t${prefix}\\.\\.\\.\\twriter\\tactive\\tcreated \\S+\\tingest bot\\n$`));
        expect(succeeded(command('keys', ['revoke', prefix], onPostgres(url))).stdout).toBe(`Revoked key ${prefix}.\n`);
        expect(succeeded(command('keys', ['list'], onPostgres(url))).stdout).toMatch(/^1\t\S+\.\.\.\twriter\trevoked \S+\t/);
        expect(await opened.store.activeApiKeyByHash(hashApiKey(key))).toBeNull();
        const again = command('keys', ['revoke', prefix], onPostgres(url));
        expect(again.status).toBe(1);
        expect(again.stderr).toContain(`No active key with id or prefix "${prefix}"`);
      } finally {
        await opened.close();
      }
    },
    COMMANDS_MS,
  );

  it(
    'generate --papers 2000 fills PostgreSQL with the corpus it gives SQLite',
    async () => {
      const url = await newDatabase('generated');
      const file = path.join(dir, 'generated.db');
      const run = succeeded(command('generate', ['--papers', '2000'], onPostgres(url)));
      const oracle = succeeded(command('generate', ['--papers', '2000', '--database', file], baseEnv()));
      expect(run.stdout).toContain(`into ${shown(url)} in `);
      const counts = (text: string) => /^Generated \d+ papers, \d+ authors, \d+ authorships/.exec(text)![0];
      expect(counts(run.stdout)).toBe(counts(oracle.stdout));
      expect(counts(run.stdout)).toMatch(/^Generated 2000 papers, /);
      const [postgres, sqlite] = [await contentsOfPostgres(url), await contentsOfSqlite(file)];
      expect(postgres.paperCount).toBe(2000);
      expect(postgres).toEqual(sqlite);

      // A second corpus goes beside the first, numbered around its arXiv ids, as on SQLite.
      succeeded(command('generate', ['--papers', '300', '--seed', '2'], onPostgres(url)));
      succeeded(command('generate', ['--papers', '300', '--seed', '2', '--database', file], baseEnv()));
      expect(await contentsOfPostgres(url)).toEqual(await contentsOfSqlite(file));
    },
    COMMANDS_MS,
  );

  it(
    'moves a SQLite demo database to PostgreSQL: npm run export, then npm run import with DATABASE_URL',
    async () => {
      const file = path.join(dir, 'demo.db');
      prepareDatabase(file, { seedDemoData: true, demoCorpusPapers: 500 }).db.close();
      const url = await newDatabase('moved');
      const dump = path.join(dir, 'papers.ndjson.gz');
      const npm = (args: string[], env: NodeJS.ProcessEnv): Run => {
        const result = spawnSync('npm', ['run', '-s', ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      };
      expect(succeeded(npm(['export', '--', '--out', dump], onSqlite(file))).stderr).toMatch(
        /^Exported \d+ papers from .*demo\.db to .*papers\.ndjson\.gz \(gzipped\)/m,
      );
      const imported = succeeded(npm(['import', '--', dump], onPostgres(url)));
      expect(imported.stdout).toMatch(
        new RegExp(`into ${escaped(shown(url))}: \\d+ added, 0 updated, 0 unchanged, 0 skipped .*; novelty computed for 0 papers`),
      );

      const [postgres, sqlite] = [await contentsOfPostgres(url), await contentsOfSqlite(file)];
      expect(postgres.paperCount).toBeGreaterThan(500);
      expect(postgres).toEqual(sqlite);

      // And back: PostgreSQL's export has SQLite's lines but for the row ids, which are new, and
      // their order (a batch's new papers take their ids in external id order there).
      const fromPostgres = succeeded(command('export', [], onPostgres(url)));
      expect(fromPostgres.stderr).toMatch(new RegExp(`^Exported ${postgres.paperCount} papers from ${escaped(shown(url))} to standard output`, 'm'));
      const fromSqlite = succeeded(command('export', ['--database', file], baseEnv()));
      const lines = (run: Run) => withoutRowIds(run.stdout).split('\n').sort();
      expect(lines(fromPostgres)).toEqual(lines(fromSqlite));
    },
    COMMANDS_MS,
  );

  it(
    'backup refuses a PostgreSQL database and says how pg_dump backs it up, without the password',
    async () => {
      const url = await newDatabase('dumped');
      const copy = path.join(dir, 'backup.db');
      const run = command('backup', [copy], onPostgres(url));
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`DATABASE_URL names a PostgreSQL database (${shown(url)}): npm run backup copies SQLite files only, and wrote nothing.`);
      const pgUrl = new URL(url);
      pgUrl.password = '';
      expect(run.stderr).toContain(`pg_dump --format=custom --file=${copy} --dbname=${pgUrl.toString()}\n`);
      expect(run.stderr).toContain(`127.0.0.1:${cluster.port}/dumped`);
      expect(run.stderr).not.toContain(PASSWORD);
      expect(fs.existsSync(copy)).toBe(false);
    },
    COMMANDS_MS,
  );

  it(
    'names an unreachable database without its password',
    () => {
      const run = command('keys', ['list'], onPostgres(`postgres://someone:${PASSWORD}@127.0.0.1:1/nowhere`));
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^Cannot open the PostgreSQL database postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/);
      expect(run.stderr).not.toContain(PASSWORD);
    },
    COMMANDS_MS,
  );
});
