import type { IncomingMessage, ServerResponse } from "node:http";

import { StytchApiError, errorBody } from "./errors";
import type { FaultSpec } from "./faults";
import { parseJsonObject, readBody, sendJson } from "./http-io";
import { requestId } from "./ids";
import type { EmulatorHandle } from "./emulator";
import { createRouter } from "./router";
import type { EmulatorSeed, FactorSpec } from "./types";

// The control API under /__emulator/: no Basic auth, JSON in and out, never logged in the request log and
// never subject to faults. Every route mirrors a method of the emulator handle.

/** The part of the emulator handle the control API drives, plus two JSON views. */
export type ControlTarget = Pick<
  EmulatorHandle,
  | "reset"
  | "seed"
  | "createSession"
  | "lastSmsCode"
  | "requestLog"
  | "clearRequestLog"
  | "injectFault"
  | "clearFaults"
  | "listFaults"
> & {
  snapshot(): unknown;
  demoSessionsJson(): unknown;
};

type ControlHandler = (body: Record<string, unknown>, params: Record<string, string>) => unknown;

export function createControlApi(target: ControlTarget) {
  const routes: { method: string; template: string; route: ControlHandler }[] = [
    {
      method: "GET",
      template: "/__emulator",
      route: () => ({ ok: true, routes: routes.map((r) => `${r.method} ${r.template}`) }),
    },
    { method: "POST", template: "/__emulator/reset", route: () => (target.reset(), { ok: true }) },
    {
      method: "POST",
      template: "/__emulator/seed",
      route: (body) => (target.seed(body as unknown as EmulatorSeed), { ok: true }),
    },
    {
      method: "POST",
      template: "/__emulator/sessions",
      route: (body) => {
        if (typeof body.member_id !== "string")
          throw new StytchApiError(400, "bad_request", "member_id is required.");
        if (body.factors !== undefined && !Array.isArray(body.factors)) {
          throw new StytchApiError(400, "bad_request", "factors must be an array.");
        }
        if (body.duration_minutes !== undefined && typeof body.duration_minutes !== "number") {
          throw new StytchApiError(400, "bad_request", "duration_minutes must be a number.");
        }
        const s = target.createSession({
          memberId: body.member_id,
          durationMinutes: body.duration_minutes as number | undefined,
          factors: body.factors as FactorSpec[] | undefined,
        });
        return {
          session_token: s.sessionToken,
          session_jwt: s.sessionJwt,
          member_session_id: s.memberSessionId,
          member_id: s.memberId,
          organization_id: s.organizationId,
          expires_at: s.expiresAt,
        };
      },
    },
    {
      method: "GET",
      template: "/__emulator/sms/{member_id}",
      route: (_body, params) => {
        const sms = target.lastSmsCode(params.member_id);
        if (!sms) throw new StytchApiError(404, "otp_code_not_found", "No SMS was sent to this member.");
        return {
          member_id: params.member_id,
          organization_id: sms.organizationId,
          code: sms.code,
          phone_number: sms.phoneNumber,
          locale: sms.locale,
          sent_at: sms.sentAt,
          expires_at: sms.expiresAt,
        };
      },
    },
    { method: "GET", template: "/__emulator/requests", route: () => ({ requests: target.requestLog() }) },
    {
      method: "DELETE",
      template: "/__emulator/requests",
      route: () => (target.clearRequestLog(), { ok: true }),
    },
    { method: "GET", template: "/__emulator/faults", route: () => ({ faults: target.listFaults() }) },
    {
      method: "POST",
      template: "/__emulator/faults",
      route: (body) => (target.injectFault(body as unknown as FaultSpec), { ok: true }),
    },
    { method: "DELETE", template: "/__emulator/faults", route: () => (target.clearFaults(), { ok: true }) },
    { method: "GET", template: "/__emulator/state", route: () => target.snapshot() },
    { method: "GET", template: "/__emulator/demo-sessions", route: () => target.demoSessionsJson() },
  ];
  const router = createRouter(routes);

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const reqId = requestId();
    try {
      const raw = req.method === "GET" ? "" : await readBody(req);
      const match = router.match(req.method ?? "GET", path);
      if (!match)
        throw new StytchApiError(404, "route_not_found", `No control route matches ${req.method} ${path}.`);
      if ("methodNotAllowed" in match) {
        throw new StytchApiError(
          405,
          "method_not_allowed",
          `${req.method} is not allowed on ${match.template}.`,
        );
      }
      const result = match.route(parseJsonObject(raw), match.params);
      sendJson(res, 200, { request_id: reqId, ...(result as object), status_code: 200 });
    } catch (err) {
      const e =
        err instanceof StytchApiError ? err : new StytchApiError(500, "internal_server_error", String(err));
      sendJson(res, e.status, errorBody(e.status, e.errorType, e.message, reqId));
    }
  };
}
