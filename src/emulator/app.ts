import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

import { expectedAuthorization, runApi, templateOf, type ApiCall } from "./api-pipeline";
import type { EmulatorContext } from "./context";
import type { Delays } from "./delays";
import { errorBody } from "./errors";
import { respondWithFault } from "./fault-responses";
import type { FaultRegistry, FaultSpec } from "./faults";
import { sendJson } from "./http-io";
import { requestId } from "./ids";
import type { RequestLog, RequestLogEntry } from "./request-log";
import { createIdpPages, isIdpPath } from "./sso-idp";

// The HTTP face of the emulator: Stytch's routes (Basic auth, JSON, one error handler, a catch-all 404),
// the fault injector in front of them, the request log, the control API under /__emulator/ and the
// stand-in SSO identity provider's pages under /__emulator/idp/.
// An API request goes: take a matching fault → log its arrival → answer through the fault, or run the
// route (api-pipeline.ts) and send its answer.

export const CONTROL_PREFIX = "/__emulator";

export interface AppDeps {
  ctx: EmulatorContext;
  secret: string;
  faults: FaultRegistry;
  log: RequestLog;
  delays: Delays;
  control: (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<void>;
}

export function createListener(deps: AppDeps): RequestListener {
  const expectedAuth = expectedAuthorization(deps.ctx.projectId, deps.secret);
  const idpPages = createIdpPages(deps.ctx);
  return (req, res) => {
    const { path, query } = splitUrl(req.url ?? "/");
    const work = isIdpPath(path)
      ? idpPages(req, res, path)
      : isControlPath(path)
        ? deps.control(req, res, path, query)
        : handleApi(deps, expectedAuth, { req, path, query }, res);
    work.catch((err) => answerLastResort(res, err));
  };
}

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf("?");
  return {
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
  };
}

const isControlPath = (path: string) => path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/** Last resort (e.g. a socket error while writing): answer if still possible, never crash the server. */
function answerLastResort(res: ServerResponse, err: unknown): void {
  if (!res.headersSent) sendJson(res, 500, errorBody(500, "internal_server_error", String(err), requestId()));
  else res.destroy();
}

async function handleApi(deps: AppDeps, expectedAuth: string, call: ApiCall, res: ServerResponse) {
  const startedWall = Date.now();
  const method = call.req.method ?? "GET";
  const template = templateOf(call.path);
  const fault = deps.faults.take(method, call.path, template);
  const entry = logArrival(deps, { method, path: call.path, template, fault, res, startedWall });
  const runRoute = () => runApi(deps.ctx, expectedAuth, call);
  if (fault) {
    await respondWithFault({ fault, entry, req: call.req, res, delays: deps.delays, runRoute });
    return;
  }
  const result = await runRoute();
  entry.body = result.requestBody;
  entry.status = result.status;
  sendJson(res, result.status, result.body, result.headers);
}

interface Arrival {
  method: string;
  path: string;
  template: string | undefined;
  fault: FaultSpec | undefined;
  res: ServerResponse;
  startedWall: number;
}

/**
 * Logged on arrival (so the log keeps arrival order); status and duration are filled in as they happen,
 * and corrected when the connection closes (a dropped connection shows status 0).
 */
function logArrival(deps: AppDeps, arrival: Arrival): RequestLogEntry {
  const { res, startedWall } = arrival;
  const entry: RequestLogEntry = {
    method: arrival.method,
    path: arrival.path,
    route: arrival.template ?? null,
    status: 0,
    time: new Date(deps.ctx.clock()).toISOString(),
    duration_ms: 0,
    faulted: arrival.fault !== undefined,
    body: null,
  };
  deps.log.push(entry);
  res.on("close", () => {
    entry.status = res.headersSent ? res.statusCode : 0;
    entry.duration_ms = Date.now() - startedWall;
  });
  return entry;
}
