import type { IncomingMessage, ServerResponse } from "node:http";

import type { ApiResult } from "./api-pipeline";
import type { Delays } from "./delays";
import { defaultErrorType, errorBody } from "./errors";
import type { FaultSpec } from "./faults";
import { sendJson } from "./http-io";
import { requestId } from "./ids";
import type { RequestLogEntry } from "./request-log";

// How an injected fault answers a request. Some faults replace the route's answer (a dropped connection,
// an HTML gateway page, a canned body, an error envelope); the others let the route run and disturb only
// the delivery of its real answer (latency, a slow body, a connection cut mid-body).
// `entry` is updated before anything is written, so a client that has its answer finds it in the log.

export interface FaultedRequest {
  fault: FaultSpec;
  entry: RequestLogEntry;
  req: IncomingMessage;
  res: ServerResponse;
  delays: Delays;
  /** Runs the real route; only called by faults that deliver its answer. */
  runRoute: () => Promise<ApiResult>;
}

const GATEWAY_HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>";

export async function respondWithFault(request: FaultedRequest): Promise<void> {
  const { fault, entry } = request;
  if (fault.latency_ms && !fault.slow_body) await request.delays.wait(fault.latency_ms);
  if (answerInsteadOfRoute(request)) return;
  // The remaining faults wrap the real answer (the route runs, state changes happen).
  const result = await request.runRoute();
  entry.body = result.requestBody;
  entry.status = result.status;
  await deliverDisturbed(request, result, Buffer.from(JSON.stringify(result.body)));
}

/** Answers for faults that replace the route entirely; false when the fault needs the route's answer. */
function answerInsteadOfRoute({ fault, entry, req, res }: FaultedRequest): boolean {
  if (fault.reset === "before_headers") {
    entry.status = 0;
    req.socket.destroy();
  } else if (fault.non_json) {
    entry.status = fault.status ?? 502;
    res.writeHead(entry.status, {
      "content-type": "text/html",
      "content-length": Buffer.byteLength(GATEWAY_HTML),
    });
    res.end(GATEWAY_HTML);
  } else if (fault.body !== undefined) {
    entry.status = fault.status ?? 200;
    sendJson(res, entry.status, fault.body);
  } else if (fault.status !== undefined && fault.status >= 400) {
    entry.status = fault.status;
    sendJson(res, fault.status, injectedErrorBody(fault, fault.status));
  } else {
    return false;
  }
  return true;
}

function injectedErrorBody(fault: FaultSpec, status: number) {
  const type = fault.error_type ?? defaultErrorType(status);
  return errorBody(status, type, fault.error_message ?? `Injected fault: ${type}.`, requestId());
}

/** Sends the route's real answer, cut off or trickled when the fault asks for it. */
async function deliverDisturbed(request: FaultedRequest, result: ApiResult, payload: Buffer): Promise<void> {
  const { fault, res } = request;
  res.writeHead(result.status, {
    ...result.headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
  });
  if (fault.reset === "during_body") await cutMidBody(request, payload);
  else if (fault.slow_body) await trickleBody(request, payload);
  else res.end(payload);
}

async function cutMidBody({ req, res, delays }: FaultedRequest, payload: Buffer): Promise<void> {
  res.write(payload.subarray(0, Math.floor(payload.length / 2)));
  // Give the partial body a moment to reach the client, then cut the connection.
  await delays.wait(10);
  req.socket.destroy();
}

/** Headers at once, then the body in quarter-size chunks after the fault's latency, 5 ms apart. */
async function trickleBody({ fault, res, delays }: FaultedRequest, payload: Buffer): Promise<void> {
  res.flushHeaders();
  await delays.wait(fault.latency_ms ?? 0);
  const chunk = Math.ceil(payload.length / 4);
  for (let offset = 0; offset < payload.length; offset += chunk) {
    res.write(payload.subarray(offset, offset + chunk));
    await delays.wait(5);
  }
  res.end();
}
