// What the playground tests share: the browser they drive, and servers with the playground on or
// off, on real SQLite files and free ports.
import fs from 'node:fs';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { prepareDatabase } from '../../src/bootstrap';
import { loadLimits } from '../../src/config';
import { type Db } from '../../src/store/sqlite/client';
import { createServer } from '../../src/http/server';
import { tempDir } from '../support/server';

export const CHROMIUM = '/usr/bin/chromium';

// Headless, and nothing of Chromium's own that calls home (updates, sync, field trials, QUIC).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser's path; a missing browser fails the test (never skips it) and says how to install it. */
export function requireChromium(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The playground's browser tests drive Debian's chromium at ${CHROMIUM}, which is not installed. ` +
        'Install it with the step .ci/run runs before the tests: bash .ci/install-chromium ' +
        '(as root; it runs apt-get install chromium).',
    );
  }
  return CHROMIUM;
}

export interface PlaygroundServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/**
 * A server over the demo data (the profile and `demoCorpusPapers` generated papers), with the
 * playground as `playground` says.
 */
export async function startPlaygroundServer(playground: boolean, demoCorpusPapers = 0): Promise<PlaygroundServer> {
  const dir = tempDir('scholargraph-playground-');
  const { db } = prepareDatabase(path.join(dir, 'test.db'), { seedDemoData: true, demoCorpusPapers });
  const app = await createServer({ db, logLevel: 'silent', limits: loadLimits({}), playground });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    db,
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// What a browser sends when the user opens an address.
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/**
 * The playground page once it is ready: the first visit after an install gets a page that
 * reloads itself while the bundle is built.
 */
export async function readyPage(url: string, timeoutMs = 180_000): Promise<{ response: Response; html: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
    const html = await response.text();
    if (html.includes('id="playground-config"') || response.status !== 200 || Date.now() > deadline) return { response, html };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
