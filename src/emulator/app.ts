import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

import type { EmulatorContext } from "./context";
import type { Delays } from "./delays";
import { defaultErrorType, errorBody, StytchApiError } from "./errors";
import type { FaultRegistry, FaultSpec } from "./faults";
import { parseJsonObject, readBody, sendJson } from "./http-io";
import { requestId } from "./ids";
import type { RequestLog, RequestLogEntry } from "./request-log";
import { createRouter } from "./router";
import type { RouteDef } from "./routes/route";
import { API_ROUTES } from "./routes/table";

// The HTTP face of the emulator: Stytch's routes (Basic auth, JSON, one error handler, a catch-all 404),
// the fault injector in front of them, the request log, and the control API under /__emulator/.

export const CONTROL_PREFIX = "/__emulator";

export interface AppDeps {
  ctx: EmulatorContext;
  secret: string;
  faults: FaultRegistry;
  log: RequestLog;
  delays: Delays;
  control: (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<void>;
}

interface ApiResult {
  status: number;
  body: unknown;
  requestBody: unknown;
}

const router = createRouter<RouteDef>(
  API_ROUTES.map((r) => ({ method: r.method, template: r.template, route: r })),
);

export function createListener(deps: AppDeps): RequestListener {
  const expectedAuth = `Basic ${Buffer.from(`${deps.ctx.projectId}:${deps.secret}`).toString("base64")}`;

  async function runApi(req: IncomingMessage, path: string, query: URLSearchParams): Promise<ApiResult> {
    const reqId = requestId();
    let requestBody: unknown = null;
    try {
      const raw = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
      const match = router.match(req.method ?? "GET", path);
      if (!match) throw new StytchApiError(404, "route_not_found", `No route matches ${req.method} ${path}.`);
      if ("methodNotAllowed" in match) {
        throw new StytchApiError(
          405,
          "method_not_allowed",
          `${req.method} is not allowed on ${match.template}.`,
        );
      }
      if (match.route.auth && req.headers.authorization !== expectedAuth) {
        throw new StytchApiError(401, "unauthorized_credentials", "Unauthorized credentials.");
      }
      const body = parseJsonObject(raw);
      requestBody = raw === "" ? null : body;
      const result = match.route.handler(deps.ctx, {
        method: req.method ?? "GET",
        path,
        params: match.params,
        query,
        body,
      });
      return { status: 200, body: { request_id: reqId, ...result, status_code: 200 }, requestBody };
    } catch (err) {
      if (err instanceof StytchApiError) {
        return {
          status: err.status,
          body: errorBody(err.status, err.errorType, err.message, reqId),
          requestBody,
        };
      }
      const message =
        "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.";
      return {
        status: 500,
        body: { ...errorBody(500, "internal_server_error", message, reqId), error_details: String(err) },
        requestBody,
      };
    }
  }

  // `entry` is updated before anything is written, so a client that has its answer finds it in the log.
  async function respondWithFault(
    fault: FaultSpec,
    entry: RequestLogEntry,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (fault.latency_ms && !fault.slow_body) await deps.delays.wait(fault.latency_ms);
    if (fault.reset === "before_headers") {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault.non_json) {
      const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
      entry.status = fault.status ?? 502;
      res.writeHead(entry.status, { "content-type": "text/html", "content-length": Buffer.byteLength(html) });
      res.end(html);
      return;
    }
    if (fault.body !== undefined) {
      entry.status = fault.status ?? 200;
      sendJson(res, entry.status, fault.body);
      return;
    }
    if (fault.status !== undefined && fault.status >= 400) {
      const type = fault.error_type ?? defaultErrorType(fault.status);
      entry.status = fault.status;
      sendJson(
        res,
        fault.status,
        errorBody(fault.status, type, fault.error_message ?? `Injected fault: ${type}.`, requestId()),
      );
      return;
    }
    // The remaining faults wrap the real answer (the route runs, state changes happen).
    const result = await runApi(req, path, query);
    entry.body = result.requestBody;
    entry.status = result.status;
    const payload = Buffer.from(JSON.stringify(result.body));
    res.writeHead(result.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": payload.length,
    });
    if (fault.reset === "during_body") {
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      // Give the partial body a moment to reach the client, then cut the connection.
      await deps.delays.wait(10);
      req.socket.destroy();
    } else if (fault.slow_body) {
      res.flushHeaders();
      await deps.delays.wait(fault.latency_ms ?? 0);
      const chunk = Math.ceil(payload.length / 4);
      for (let offset = 0; offset < payload.length; offset += chunk) {
        res.write(payload.subarray(offset, offset + chunk));
        await deps.delays.wait(5);
      }
      res.end();
    } else {
      res.end(payload);
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const startedWall = Date.now();
    const template = router.templateOf(path);
    const fault = deps.faults.take(req.method ?? "GET", path, template);
    const entry: RequestLogEntry = {
      method: req.method ?? "GET",
      path,
      route: template ?? null,
      status: 0,
      time: new Date(deps.ctx.clock()).toISOString(),
      duration_ms: 0,
      faulted: fault !== undefined,
      body: null,
    };
    // Logged on arrival (so the log keeps arrival order); status and duration are filled in as they happen.
    deps.log.push(entry);
    res.on("close", () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      entry.duration_ms = Date.now() - startedWall;
    });
    if (fault) {
      await respondWithFault(fault, entry, req, res, path, query);
      return;
    }
    const result = await runApi(req, path, query);
    entry.body = result.requestBody;
    entry.status = result.status;
    sendJson(res, result.status, result.body);
  }

  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    const work =
      path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)
        ? deps.control(req, res, path, query)
        : handleApi(req, res, path, query);
    work.catch((err) => {
      // Last resort (e.g. a socket error while writing): answer if still possible, never crash the server.
      if (!res.headersSent)
        sendJson(res, 500, errorBody(500, "internal_server_error", String(err), requestId()));
      else res.destroy();
    });
  };
}
