import type { IncomingMessage } from "node:http";

import type { EmulatorContext } from "./context";
import { errorBody, StytchApiError } from "./errors";
import { parseJsonObject, readBody } from "./http-io";
import { requestId } from "./ids";
import { createRouter, type RouteMatch } from "./router";
import { Redirect, type RouteDef } from "./routes/route";
import { API_ROUTES } from "./routes/table";

// One Stytch API call, from the raw request to the answer to send: read the body → match the route →
// check Basic auth → parse JSON → run the handler → wrap the result (or the error) in Stytch's envelope.
// Nothing is written to the socket here, so the fault injector can still decide how the answer travels.

/** The answer to send, plus the parsed request body for the request log (null when absent or unparsed). */
export interface ApiResult {
  status: number;
  body: unknown;
  requestBody: unknown;
  /** Extra response headers (a redirect's `location`). */
  headers?: Record<string, string>;
}

/** A request as the pipeline sees it: the URL already split into path and query. */
export interface ApiCall {
  req: IncomingMessage;
  path: string;
  query: URLSearchParams;
}

const router = createRouter<RouteDef>(
  API_ROUTES.map((r) => ({ method: r.method, template: r.template, route: r })),
);

/** The route template a path belongs to regardless of method (for fault matching and the request log). */
export const templateOf = (path: string): string | undefined => router.templateOf(path);

const INTERNAL_ERROR_MESSAGE =
  "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.";

/** The Authorization header Stytch's SDK sends for these credentials. */
export function expectedAuthorization(projectId: string, secret: string): string {
  return `Basic ${Buffer.from(`${projectId}:${secret}`).toString("base64")}`;
}

/** Runs one API call to completion; never throws (every failure becomes an error envelope). */
export async function runApi(ctx: EmulatorContext, expectedAuth: string, call: ApiCall): Promise<ApiResult> {
  const reqId = requestId();
  // Kept outside the try so a handler's failure is still logged with the body that caused it.
  let requestBody: unknown = null;
  try {
    const { req, path, query } = call;
    // The body is drained even for requests that end in 404/405/401, so keep-alive connections stay usable.
    const raw = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
    const match = matchRoute(req.method, path);
    authorize(match.route, req, expectedAuth);
    const body = parseJsonObject(raw);
    requestBody = raw === "" ? null : body;
    const method = req.method ?? "GET";
    const result = match.route.handler(ctx, { method, path, params: match.params, query, body });
    if (result instanceof Redirect) return redirectAnswer(result, reqId, requestBody);
    return { status: 200, body: { request_id: reqId, ...result, status_code: 200 }, requestBody };
  } catch (err) {
    return { ...failureAnswer(err, reqId), requestBody };
  }
}

function redirectAnswer(redirect: Redirect, reqId: string, requestBody: unknown): ApiResult {
  return {
    status: 302,
    headers: { location: redirect.location },
    body: { request_id: reqId, redirect_url: redirect.location, status_code: 302 },
    requestBody,
  };
}

/** The route serving `method path`, or the 404/405 Stytch answers when there is none. */
function matchRoute(method: string | undefined, path: string): RouteMatch<RouteDef> {
  const match = router.match(method ?? "GET", path);
  if (!match) throw new StytchApiError(404, "route_not_found", `No route matches ${method} ${path}.`);
  if ("methodNotAllowed" in match) {
    throw new StytchApiError(405, "method_not_allowed", `${method} is not allowed on ${match.template}.`);
  }
  return match;
}

function authorize(route: RouteDef, req: IncomingMessage, expectedAuth: string): void {
  if (route.auth && req.headers.authorization !== expectedAuth) {
    throw new StytchApiError(401, "unauthorized_credentials", "Unauthorized credentials.");
  }
}

/** A thrown StytchApiError keeps its status; anything else is a bug and answers like Stytch's own 500. */
function failureAnswer(err: unknown, reqId: string): { status: number; body: unknown } {
  if (err instanceof StytchApiError) {
    return { status: err.status, body: errorBody(err.status, err.errorType, err.message, reqId) };
  }
  return {
    status: 500,
    body: {
      ...errorBody(500, "internal_server_error", INTERNAL_ERROR_MESSAGE, reqId),
      error_details: String(err),
    },
  };
}
