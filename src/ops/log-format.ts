// How the log looks (LOG_FORMAT). `json`: pino's JSON lines, one object a line, as log collectors
// and the tests read them. `pretty`: for a person at a terminal, a banner once the API answers
// (./banner.ts), then one line per request ("POST /graphql 200 3.1 ms AuthorProfile") and one line
// per event; warnings and errors keep every detail (an error's stack over several lines). `auto`
// (the default): pretty when standard output is a terminal, JSON when it is piped or redirected.
//
// The pretty lines are made in the process that logs, by pino-pretty's prettyFactory called on
// each line as pino writes it: no transport, whose worker thread (one per process, times WORKERS)
// would lose the last lines of a process that calls process.exit, and could not run the function
// below that joins a request's three JSON lines (incoming, graphql operation, completed) into one.
import pino from 'pino';
import { prettyFactory } from 'pino-pretty';

export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormatSetting = (typeof LOG_FORMATS)[number];
export type LogFormat = Exclude<LogFormatSetting, 'auto'>;

/** `auto` decided by whether standard output is a terminal. */
export function resolveLogFormat(setting: LogFormatSetting, stdoutIsTerminal = process.stdout.isTTY === true): LogFormat {
  return setting === 'auto' ? (stdoutIsTerminal ? 'pretty' : 'json') : setting;
}

/** Where a logger writes: nothing (pino's own standard output) for JSON, the pretty printer otherwise. */
export function logDestination(format: LogFormat, out: NodeJS.WritableStream = process.stdout): PrettyLog | undefined {
  return format === 'pretty' ? new PrettyLog(out) : undefined;
}

/** A pino logger for a process without a Fastify server (a cluster's primary, its pending work). */
export function createLogger(level: string, format: LogFormat): pino.Logger {
  const destination = logDestination(format);
  return destination ? pino({ level }, destination) : pino({ level });
}

// Keys every line has, or that the pretty line says otherwise.
const PLUMBING = ['level', 'time', 'pid', 'hostname', 'reqId', 'msg'];

// Messages the pretty log leaves out, the banner saying the same: Fastify's per-address
// "listening" lines, and which database was opened or seeded.
const LEFT_OUT = [/^Server listening at /, /^database ready$/, /^empty database: demo data loaded$/];

/** What the pretty log knows of a request before Fastify's "request completed". */
interface Request {
  method?: string;
  url?: string;
  operations: string[];
}

// Requests whose completion never comes (a connection cut mid-request) are forgotten beyond this.
const MAX_OPEN_REQUESTS = 1000;

const value = (v: unknown): string => (typeof v === 'string' ? (/\s/.test(v) || v === '' ? JSON.stringify(v) : v) : JSON.stringify(v));

/**
 * pino's destination in pretty mode: each JSON line it writes becomes a line for a person. A
 * request's lines are held until Fastify's "request completed", then said in one line.
 */
export class PrettyLog {
  private readonly oneLine = prettyFactory({ translateTime: 'SYS:HH:MM:ss', ignore: PLUMBING.filter((k) => k !== 'level' && k !== 'time' && k !== 'msg').join(','), singleLine: true });
  private readonly detailed = prettyFactory({ translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  private readonly requests = new Map<string, Request>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  write(chunk: string): boolean {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      let entry: Record<string, any> | null = null;
      try {
        entry = JSON.parse(line) as Record<string, any>;
      } catch {
        entry = null;
      }
      const text = entry && typeof entry === 'object' ? this.format(entry) : `${line}\n`;
      if (text) this.out.write(text);
    }
    return true;
  }

  /** The line (or lines) to print for one log entry, or null for none. */
  format(entry: Record<string, any>): string | null {
    const msg = typeof entry.msg === 'string' ? entry.msg : '';
    const level = typeof entry.level === 'number' ? entry.level : 30;
    // Warnings and errors keep every detail, over as many lines as they take.
    if (level >= 40) return this.detailed(entry);
    const reqId = typeof entry.reqId === 'string' ? entry.reqId : null;
    if (reqId && msg === 'incoming request') {
      this.open(reqId).method = entry.req?.method;
      this.open(reqId).url = entry.req?.url;
      return null;
    }
    if (reqId && msg === 'graphql operation') {
      let operation = String(entry.operationName ?? 'anonymous');
      if (entry.outcome && entry.outcome !== 'ok') {
        const codes = Array.isArray(entry.errorCodes) ? [...new Set(entry.errorCodes)].join(', ') : '';
        operation += ` (${entry.outcome}${codes ? `: ${codes}` : ''})`;
      }
      this.open(reqId).operations.push(operation);
      return null;
    }
    if (reqId && msg === 'graphql batch') return null;
    if (reqId && msg === 'request completed') {
      const request = this.requests.get(reqId);
      this.requests.delete(reqId);
      const what = request?.method ? `${request.method} ${request.url}` : reqId;
      const ms = typeof entry.responseTime === 'number' ? ` ${entry.responseTime.toFixed(1)} ms` : '';
      const operations = request && request.operations.length > 0 ? ` ${request.operations.join(', ')}` : '';
      return this.oneLine({ level, time: entry.time, msg: `${what} ${entry.res?.statusCode ?? '-'}${ms}${operations}` });
    }
    if (LEFT_OUT.some((pattern) => pattern.test(msg))) return null;
    const details = Object.entries(entry)
      .filter(([key, v]) => !PLUMBING.includes(key) && v !== undefined)
      .map(([key, v]) => `${key}=${value(v)}`);
    return this.oneLine({ level, time: entry.time, msg: [msg, ...details].join(' ') });
  }

  private open(reqId: string): Request {
    let request = this.requests.get(reqId);
    if (!request) {
      if (this.requests.size >= MAX_OPEN_REQUESTS) this.requests.delete(this.requests.keys().next().value!);
      request = { operations: [] };
      this.requests.set(reqId, request);
    }
    return request;
  }
}
