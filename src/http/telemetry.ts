// What each GraphQL operation did, for operators: one structured log line (request id, operation
// name, outcome, duration, cost, SQL statements) and Prometheus metrics (requests by operation and
// outcome, a latency histogram, SQL statements per request, refusals by reason). The API key never
// appears: only the request id.
import { type ApolloServerPlugin } from '@apollo/server';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import { Counter, Histogram, type Registry } from 'prom-client';
import { type StatementTally } from '../store';
import { type Context } from '../graphql/context';
import { LIMIT_CODES } from '../limits/limit-error';
import { budgetOf } from '../limits/limits.plugin';

export interface Telemetry {
  requests: Counter<'operation' | 'outcome'>;
  latency: Histogram<'operation'>;
  refused: Counter<'reason'>;
  statements: Histogram;
}

// Codes that say the request was refused before it ran: a limit, or a document that is not valid.
const REFUSALS = new Set<string>([
  ...LIMIT_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

// Operation names are the client's: beyond this many distinct ones they are counted as "other",
// so that a client making up names cannot grow the metrics without bound.
const MAX_OPERATION_LABELS = 200;

export function createTelemetry(registry: Registry): Telemetry {
  return {
    requests: new Counter({
      name: 'scholargraph_graphql_requests_total',
      help: 'GraphQL operations by operation name and outcome (ok, partial: data with errors, error: no data, refused: a limit or an invalid document).',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'scholargraph_graphql_duration_seconds',
      help: 'Time from the start of a GraphQL operation to its answer, by operation name.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    statements: new Histogram({
      name: 'scholargraph_sql_statements_per_request',
      help: 'SQL statements run by one GraphQL HTTP request (a batch counts as one request); fixed by the shape of the query.',
      buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    refused: new Counter({
      name: 'scholargraph_refused_requests_total',
      help: 'GraphQL operations refused before they ran, by reason (the extensions.code of the refusal).',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

/** A document refused in validation has no resolved operation: the name it gives its first one. */
function firstOperationName(document: DocumentNode | undefined): string | null {
  return document?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)?.name?.value ?? null;
}

export function telemetryPlugin(telemetry: Telemetry): ApolloServerPlugin<Context> {
  const names = new Set<string>();
  const label = (name: string | null | undefined): string => {
    const operation = name ?? 'anonymous';
    if (names.has(operation)) return operation;
    if (names.size >= MAX_OPERATION_LABELS) return 'other';
    names.add(operation);
    return operation;
  };
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, contextValue, operationName: resolved, errors, document }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operationName = resolved ?? request.operationName ?? firstOperationName(document);
          const operation = label(operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const codes = (body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const refusal = codes.find((code) => REFUSALS.has(code) && body?.data == null);
          const outcome = refusal ? 'refused' : codes.length === 0 ? 'ok' : body?.data != null ? 'partial' : 'error';
          telemetry.requests.inc({ operation, outcome });
          telemetry.latency.observe({ operation }, seconds);
          if (refusal) telemetry.refused.inc({ reason: refusal });
          // The operations of a batch share their loaders, hence their statements: the batch's
          // total is on its own line (observeRequestStatements).
          const sqlStatements = contextValue.batched ? null : (contextValue.statements?.count ?? null);
          contextValue.log?.info?.(
            {
              operationName,
              outcome,
              durationMs: Math.round(seconds * 1e4) / 10,
              cost: budgetOf(contextValue)?.cost ?? null,
              sqlStatements,
              errorCodes: codes,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/** When a GraphQL HTTP request is answered: its statements in the histogram, and a batch's on a line; null when they are not counted. */
export function observeRequestStatements(telemetry: Telemetry, request: FastifyRequest, reply: FastifyReply, tally: StatementTally | null): void {
  if (tally) telemetry.statements.observe(tally.count);
  if (Array.isArray(request.body)) {
    request.log.info(
      { batchSize: request.body.length, statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10, sqlStatements: tally?.count ?? null },
      'graphql batch',
    );
  }
}

/** A request Apollo answered with an error before building its context, counted by its code. */
export function countDoorRefusal(telemetry: Telemetry, payload: unknown): void {
  let reason = 'BAD_REQUEST';
  try {
    const code = typeof payload === 'string' ? JSON.parse(payload)?.errors?.[0]?.extensions?.code : undefined;
    if (typeof code === 'string' && code !== '') reason = code;
  } catch {
    // Not JSON: counted as a bad request.
  }
  telemetry.refused.inc({ reason });
}
