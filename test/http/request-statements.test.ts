// Each request's own SQL statements, where operators look: the operation's log line, a batch's
// line, and the per-request histogram on /metrics, counted apart even when requests overlap.
import fs from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { prepareDatabase } from '../../src/bootstrap';
import { loadLimits } from '../../src/config';
import { type Db } from '../../src/store/sqlite/client';
import { createServer } from '../../src/http/server';
import { tempDir } from '../support/server';

const nested = (first: number) => `query Nested {
  authors(first: ${first}) { nodes { hIndex papers(first: 10) { nodes { authors(first: 3) { nodes { name } } } } } }
}`;

/** A server on the demo data whose log lines are kept; its URL and log once beforeAll has run. */
function demoServer(options: { statementTally?: boolean } = {}): { base: () => string; log: () => string } {
  let dir: string;
  let db: Db;
  let base = '';
  let log = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    dir = tempDir();
    db = prepareDatabase(path.join(dir, 'statements.db'), { seedDemoData: true }).db;
    const stream = new PassThrough();
    stream.on('data', (chunk) => (log += chunk));
    const app = await createServer({ db, logLevel: 'info', logStream: stream, limits: loadLimits({}), ...options });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = () => app.close();
  });
  afterAll(async () => {
    await close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { base: () => base, log: () => log };
}

describe('SQL statements per request', () => {
  const server = demoServer();

  const post = (body: unknown) =>
    fetch(`${server.base()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const processTotal = async () => Number(/^scholargraph_sql_statements_total (\d+)$/m.exec(await (await fetch(`${server.base()}/metrics`)).text())![1]);
  // The log stream is written asynchronously: wait for the line of the request.
  async function logLine(message: string, reqIdOf: (line: any) => boolean): Promise<any> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const line = server
        .log()
        .split('\n')
        .filter((text) => text.includes(`"msg":"${message}"`))
        .map((text) => JSON.parse(text))
        .find(reqIdOf);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no "${message}" line in the log:\n${server.log().slice(-2000)}`);
  }
  const seen = new Set<string>();
  const nextLine = (message: string, operationName?: string) =>
    logLine(message, (line) => !seen.has(line.reqId) && (operationName === undefined || line.operationName === operationName)).then((line) => {
      seen.add(line.reqId);
      return line;
    });

  it('puts the statements of an operation on its log line, the same number as the process counter moved', async () => {
    const before = await processTotal();
    const response = await post({ query: nested(5), operationName: 'Nested' });
    expect(response.status).toBe(200);
    const moved = (await processTotal()) - before;
    const line = await nextLine('graphql operation', 'Nested');
    expect(line.sqlStatements).toBe(moved);
    expect(line.sqlStatements).toBeGreaterThan(2);
  });

  it('logs the same count for 5 and for 40 authors: fixed by the query, not by its results', async () => {
    await post({ query: nested(5), operationName: 'Nested' });
    const five = await nextLine('graphql operation', 'Nested');
    await post({ query: nested(40), operationName: 'Nested' });
    const forty = await nextLine('graphql operation', 'Nested');
    expect(forty.sqlStatements).toBe(five.sqlStatements);
  });

  it('counts overlapping requests apart', async () => {
    const queries = [nested(3), '{ papers(first: 2) { nodes { title } } }', nested(20), '{ papers(first: 2) { nodes { title } } }'];
    await Promise.all(queries.map((query, i) => post({ query: query.replace('query Nested', `query Overlap${i}`), operationName: undefined })));
    const counts: number[] = [];
    for (let i = 0; i < queries.length; i += 1) {
      const name = queries[i].startsWith('query') ? `Overlap${i}` : null;
      counts.push(
        (await logLine('graphql operation', (line) => !seen.has(line.reqId) && line.operationName === name && (seen.add(line.reqId), true)))
          .sqlStatements,
      );
    }
    // Alone, each would run: the nested query its count, the page of papers one statement.
    await post({ query: nested(3), operationName: 'Nested' });
    const alone = (await nextLine('graphql operation', 'Nested')).sqlStatements;
    expect(counts).toEqual([alone, 1, alone, 1]);
  });

  it('gives a batch one line with its total, its operations none of their own', async () => {
    const before = await processTotal();
    const response = await post([{ query: '{ papers(first: 2) { nodes { title } } }' }, { query: '{ authors(first: 2) { nodes { name } } }' }]);
    expect(response.status).toBe(200);
    const moved = (await processTotal()) - before;
    const batch = await nextLine('graphql batch');
    expect(batch).toMatchObject({ batchSize: 2, statusCode: 200, sqlStatements: moved });
    const operations = server
      .log()
      .split('\n')
      .filter((text) => text.includes(batch.reqId) && text.includes('"graphql operation"'))
      .map((text) => JSON.parse(text));
    expect(operations.map((line) => line.sqlStatements)).toEqual([null, null]);
  });

  it('shows statements per request as a histogram on /metrics', async () => {
    const metrics = await (await fetch(`${server.base()}/metrics`)).text();
    expect(metrics).toContain('# TYPE scholargraph_sql_statements_per_request histogram');
    const count = Number(/^scholargraph_sql_statements_per_request_count (\d+)$/m.exec(metrics)![1]);
    const sum = Number(/^scholargraph_sql_statements_per_request_sum (\d+)$/m.exec(metrics)![1]);
    expect(count).toBeGreaterThanOrEqual(9);
    expect(sum).toBeGreaterThan(count);
  });
});

describe('SQL statements per request, turned off (SQL_STATEMENTS_PER_REQUEST=false)', () => {
  const server = demoServer({ statementTally: false });

  const post = (body: unknown) =>
    fetch(`${server.base()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const lines = (message: string) =>
    server
      .log()
      .split('\n')
      .filter((text) => text.includes(`"msg":"${message}"`))
      .map((text) => JSON.parse(text));
  async function until<T>(find: () => T | undefined): Promise<T> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`not in the log:\n${server.log().slice(-2000)}`);
  }

  it('says nothing of them rather than a wrong count, and still answers and counts the process total', async () => {
    const response = await post({ query: nested(5), operationName: 'Nested' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.authors.nodes).toHaveLength(5);
    const line = await until(() => lines('graphql operation').find((l) => l.operationName === 'Nested'));
    expect(line).toMatchObject({ outcome: 'ok', sqlStatements: null });
    await post([{ query: '{ papers(first: 2) { nodes { title } } }' }, { query: '{ authors(first: 2) { nodes { name } } }' }]);
    expect(await until(() => lines('graphql batch')[0])).toMatchObject({ batchSize: 2, statusCode: 200, sqlStatements: null });
    const metrics = await (await fetch(`${server.base()}/metrics`)).text();
    expect(/^scholargraph_sql_statements_per_request_count (\d+)$/m.exec(metrics)![1]).toBe('0');
    expect(Number(/^scholargraph_sql_statements_total (\d+)$/m.exec(metrics)![1])).toBeGreaterThan(2);
  });
});
