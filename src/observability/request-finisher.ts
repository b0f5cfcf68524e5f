import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { PROBE_PATHS } from "../http/probes";
import { routeOf } from "../http/request-target";
import type { RequestScope } from "../request-scope";
import type { Metrics } from "./metrics";
import type { RequestRecord } from "./request-record";

/** One HTTP request as its log line and metrics describe it. */
export interface FinishedRequest {
  scope: RequestScope;
  record: RequestRecord;
  /** The request's path (logged as its route, from a closed set). */
  path: string;
}

export interface RequestFinisherDeps {
  logger: Pick<Logger, "info" | "debug">;
  metrics: Pick<Metrics, "onRequest">;
}

/**
 * Writes the one log line and the metrics of each request, once, when its response is finished or its
 * connection closes first (`aborted`), and then calls `onFinished`. Returns the function that starts watching
 * a request; the duration counts from that call.
 */
export function createRequestFinisher({ logger, metrics }: RequestFinisherDeps) {
  return (req: IncomingMessage, res: ServerResponse, request: FinishedRequest, onFinished?: () => void) => {
    const started = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      onFinished?.();
      const durationMs = performance.now() - started;
      const { operation, outcome } = request.record;
      // Not counted: a request that ran no operation and ended "ok" (a probe, a preflight, a 404, a refusal
      // Apollo answers before any plugin runs).
      if (operation !== "none" || outcome !== "ok") metrics.onRequest(operation, outcome, durationMs);
      // Probes and scrapes arrive every few seconds: at debug level, so they do not drown the request log.
      const level = PROBE_PATHS.has(request.path) ? "debug" : "info";
      logger[level](requestLine(req, res, request, durationMs), "request");
    };
    res.on("finish", finish);
    res.on("close", finish);
  };
}

function requestLine(
  req: IncomingMessage,
  res: ServerResponse,
  request: FinishedRequest,
  durationMs: number,
) {
  const { scope, record, path } = request;
  return {
    requestId: scope.requestId,
    method: req.method,
    route: routeOf(path),
    operation: record.operation,
    outcome: record.outcome,
    status: res.statusCode,
    durationMs: Math.round(durationMs * 10) / 10,
    upstreamCalls: scope.upstreamCalls.length,
    upstream: scope.upstreamCalls,
    aborted: !res.writableFinished,
  };
}
