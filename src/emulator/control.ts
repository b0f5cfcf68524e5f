import type { IncomingMessage, ServerResponse } from "node:http";

import { refuseForeignPages } from "./control-guard";
import { CONTROL_ROUTES, type ControlHandler } from "./control-routes";
import { StytchApiError, errorBody } from "./errors";
import { parseJsonObject, readBody, sendJson } from "./http-io";
import { requestId } from "./ids";
import type { EmulatorHandle } from "./emulator";
import { createRouter, type RouteMatch } from "./router";

// The control API under /__emulator/: no Basic auth, JSON in and out, never logged in the request log and
// never subject to faults. Every route mirrors a method of the emulator handle (see control-routes.ts).

/** The part of the emulator handle the control API drives, plus two JSON views. */
export type ControlTarget = Pick<
  EmulatorHandle,
  | "reset"
  | "seed"
  | "createSession"
  | "lastSmsCode"
  | "currentTotpCode"
  | "unusedRecoveryCodes"
  | "memberDirectory"
  | "lastEmailOtp"
  | "lastMagicLink"
  | "setNextSsoSignIn"
  | "requestLog"
  | "clearRequestLog"
  | "injectFault"
  | "clearFaults"
  | "listFaults"
> & {
  snapshot(): unknown;
  demoSessionsJson(): unknown;
};

const router = createRouter(
  CONTROL_ROUTES.map((r) => ({ method: r.method, template: r.template, route: r.handle })),
);

export function createControlApi(target: ControlTarget) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const reqId = requestId();
    try {
      refuseForeignPages(req);
      const raw = req.method === "GET" ? "" : await readBody(req);
      const match = matchControlRoute(req.method, path);
      const result = match.route(target, parseJsonObject(raw), match.params);
      sendJson(res, 200, { request_id: reqId, ...(result as object), status_code: 200 });
    } catch (err) {
      sendControlError(res, err, reqId);
    }
  };
}

function matchControlRoute(method: string | undefined, path: string): RouteMatch<ControlHandler> {
  const match = router.match(method ?? "GET", path);
  if (!match) throw new StytchApiError(404, "route_not_found", `No control route matches ${method} ${path}.`);
  if ("methodNotAllowed" in match) {
    throw new StytchApiError(405, "method_not_allowed", `${method} is not allowed on ${match.template}.`);
  }
  return match;
}

/** Same envelope as API errors; anything but a StytchApiError is a bug and answers 500. */
function sendControlError(res: ServerResponse, err: unknown, reqId: string): void {
  const e =
    err instanceof StytchApiError ? err : new StytchApiError(500, "internal_server_error", String(err));
  sendJson(res, e.status, errorBody(e.status, e.errorType, e.message, reqId));
}
