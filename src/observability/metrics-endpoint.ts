import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "../errors/error-code";
import { sendRequestError } from "../http/send-json";
import type { Metrics } from "./metrics";

/**
 * The request listener of the metrics port, apart from the public one: request counts, upstream outcomes and
 * breaker states tell an outsider how the service is doing and when it is weak. GET /metrics, nothing else.
 */
export function metricsEndpoint(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path !== "/metrics" || req.method !== "GET") {
      return sendRequestError(res, 404, randomUUID(), "Not found. Metrics are served at GET /metrics.");
    }
    metrics.registry.metrics().then(
      (text) => {
        res.setHeader("content-type", metrics.registry.contentType);
        res.end(text);
      },
      () => sendRequestError(res, 500, randomUUID(), "Metrics unavailable.", ErrorCode.INTERNAL_SERVER_ERROR),
    );
  };
}
