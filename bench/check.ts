// Before anything is measured: for each workload, the floor must answer exactly the API's `data`
// (node:assert deepStrictEqual), and the API must answer without errors. Each request is sent
// alone, so the statement counters' differences are its statements.
import { deepStrictEqual } from 'node:assert/strict';
import { send } from './http';
import { statementsRun } from './servers';
import { type HttpRequest, type Workload } from './workloads';

export interface CheckResult {
  requests: number;
  /** SQL statements per request, mean over the checked requests. */
  apiStatements: number;
  floorStatements: number;
}

/** A request's answer as JSON; an answer that is not JSON is an error that quotes it. */
export async function sendJson(url: string, request: HttpRequest): Promise<{ status: number; body: any }> {
  const { status, text } = await send(`${url}${request.path}`, request);
  try {
    return { status, body: JSON.parse(text) };
  } catch {
    throw new Error(`${url}${request.path} answered ${status} with no JSON: ${text.slice(0, 500)}`);
  }
}

/**
 * A conditional GET's workload: the API answers each conditional request 304 with no body, running
 * at most the one statement that reads the data version, and its full answer to the same GET is
 * the floor's page.
 */
async function checkConditional(workload: Workload, api: string, floor: string, count: number): Promise<CheckResult> {
  const { unconditional, prepare } = workload.conditional!;
  await prepare(api);
  const n = Math.min(count, workload.distinct);
  let apiStatements = 0;
  let floorStatements = 0;
  for (let i = 0; i < n; i++) {
    const before = await statementsRun(api);
    const { status, text } = await send(`${api}${workload.api(i).path}`, workload.api(i));
    apiStatements += (await statementsRun(api)) - before;
    if (status !== 304 || text !== '') throw new Error(`${workload.name}: the API answered conditional GET ${i} with ${status}, not 304 with no body`);
    const full = await sendJson(api, unconditional(i));
    const floorBefore = await statementsRun(floor);
    const page = await sendJson(floor, workload.floor(i));
    floorStatements += (await statementsRun(floor)) - floorBefore;
    deepStrictEqual(page.body, full.body.data, `${workload.name}: the floor's page ${i} is not the API's data`);
  }
  return { requests: n, apiStatements: apiStatements / n, floorStatements: floorStatements / n };
}

export async function checkWorkload(workload: Workload, api: string, floor: string, count: number): Promise<CheckResult> {
  if (workload.conditional) return checkConditional(workload, api, floor, count);
  let apiStatements = 0;
  let floorStatements = 0;
  const n = Math.min(count, workload.distinct);
  if (workload.writes) {
    // Counted in their steady state: a write that creates a paper, or the first write to a fresh
    // corpus (the novelty's term counts), costs more than the updates that follow.
    for (let i = 0; i < n; i++) {
      await sendJson(api, workload.api(i));
      await sendJson(floor, workload.floor(i));
    }
  }
  for (let i = 0; i < n; i++) {
    const apiRequest = workload.api(i);
    const before = await statementsRun(api);
    const answer = await sendJson(api, apiRequest);
    apiStatements += (await statementsRun(api)) - before;
    if (answer.status !== 200 || answer.body.errors) {
      throw new Error(
        `${workload.name}: the API answered request ${i} with ${answer.status} ${JSON.stringify(answer.body.errors ?? answer.body).slice(0, 1000)}\n` +
          `request: ${apiRequest.body.slice(0, 500)}`,
      );
    }
    const floorBefore = await statementsRun(floor);
    const floorAnswer = await sendJson(floor, workload.floor(i));
    floorStatements += (await statementsRun(floor)) - floorBefore;
    if (floorAnswer.status !== 200) throw new Error(`${workload.name}: the floor answered request ${i} with ${floorAnswer.status} ${JSON.stringify(floorAnswer.body)}`);
    try {
      deepStrictEqual(floorAnswer.body, answer.body.data);
    } catch (error) {
      throw new Error(
        `${workload.name}: the floor's answer to request ${i} is not the API's data. The floor (bench/floor/) must answer ` +
          `exactly what the GraphQL document asks.\nrequest: ${apiRequest.body.slice(0, 300)}\n${(error as Error).message.slice(0, 4000)}`,
      );
    }
  }
  return { requests: n, apiStatements: apiStatements / n, floorStatements: floorStatements / n };
}
