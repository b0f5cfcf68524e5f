import type { ControlTarget } from "./control";
import type { CreatedSession, SmsMessage } from "./emulator";
import type { EmailOtpMessage, MagicLinkMessage } from "./outbox";
import { handleMembers, handleRecoveryCodes, handleTotpCode } from "./control-mfa";
import { StytchApiError } from "./errors";
import type { FaultSpec } from "./faults";
import type { EmulatorSeed, FactorSpec } from "./types";

// The control routes, one line per route. Handlers receive the emulator they drive, so the table is
// shared by every emulator instance. GET /__emulator lists the table in this order.

export type ControlHandler = (
  target: ControlTarget,
  body: Record<string, unknown>,
  params: Record<string, string>,
) => unknown;

interface ControlRoute {
  method: "GET" | "POST" | "DELETE";
  template: string;
  handle: ControlHandler;
}

const OK = { ok: true };

// Seeds and faults are checked by the emulator methods themselves (the in-process API takes them too).
const asSeed = (body: Record<string, unknown>) => body as unknown as EmulatorSeed;
const asFault = (body: Record<string, unknown>) => body as unknown as FaultSpec;

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: "GET", template: "/__emulator", handle: () => ({ ok: true, routes: routeList() }) },
  { method: "POST", template: "/__emulator/reset", handle: (t) => (t.reset(), OK) },
  { method: "POST", template: "/__emulator/seed", handle: (t, body) => (t.seed(asSeed(body)), OK) },
  { method: "POST", template: "/__emulator/sessions", handle: handleCreateSession },
  { method: "GET", template: "/__emulator/members", handle: handleMembers },
  { method: "GET", template: "/__emulator/sms/{member_id}", handle: handleLastSmsCode },
  { method: "GET", template: "/__emulator/totp/{member_id}", handle: handleTotpCode },
  { method: "GET", template: "/__emulator/recovery-codes/{member_id}", handle: handleRecoveryCodes },
  { method: "GET", template: "/__emulator/email-otp/{email_address}", handle: handleLastEmailOtp },
  {
    method: "GET",
    template: "/__emulator/email-otp/{email_address}/organizations/{organization_id}",
    handle: handleLastEmailOtp,
  },
  { method: "GET", template: "/__emulator/magic-link/{email_address}", handle: handleLastMagicLink },
  {
    method: "GET",
    template: "/__emulator/magic-link/{email_address}/organizations/{organization_id}",
    handle: handleLastMagicLink,
  },
  { method: "POST", template: "/__emulator/sso/next-sign-in", handle: handleNextSsoSignIn },
  { method: "GET", template: "/__emulator/requests", handle: (t) => ({ requests: t.requestLog() }) },
  { method: "DELETE", template: "/__emulator/requests", handle: (t) => (t.clearRequestLog(), OK) },
  { method: "GET", template: "/__emulator/faults", handle: (t) => ({ faults: t.listFaults() }) },
  { method: "POST", template: "/__emulator/faults", handle: (t, body) => (t.injectFault(asFault(body)), OK) },
  { method: "DELETE", template: "/__emulator/faults", handle: (t) => (t.clearFaults(), OK) },
  { method: "GET", template: "/__emulator/state", handle: (t) => t.snapshot() },
  { method: "GET", template: "/__emulator/demo-sessions", handle: (t) => t.demoSessionsJson() },
];

function routeList(): string[] {
  return CONTROL_ROUTES.map((r) => `${r.method} ${r.template}`);
}

function handleCreateSession(target: ControlTarget, body: Record<string, unknown>) {
  if (typeof body.member_id !== "string") throw badRequest("member_id is required.");
  if (body.factors !== undefined && !Array.isArray(body.factors))
    throw badRequest("factors must be an array.");
  if (body.duration_minutes !== undefined && typeof body.duration_minutes !== "number") {
    throw badRequest("duration_minutes must be a number.");
  }
  const session = target.createSession({
    memberId: body.member_id,
    durationMinutes: body.duration_minutes as number | undefined,
    factors: body.factors as FactorSpec[] | undefined,
  });
  return createdSessionJson(session);
}

const badRequest = (message: string) => new StytchApiError(400, "bad_request", message);

function createdSessionJson(s: CreatedSession) {
  return {
    session_token: s.sessionToken,
    session_jwt: s.sessionJwt,
    member_session_id: s.memberSessionId,
    member_id: s.memberId,
    organization_id: s.organizationId,
    expires_at: s.expiresAt,
  };
}

function handleLastSmsCode(target: ControlTarget, _body: unknown, params: Record<string, string>) {
  const sms = target.lastSmsCode(params.member_id);
  if (!sms) throw new StytchApiError(404, "otp_code_not_found", "No SMS was sent to this member.");
  return smsJson(params.member_id, sms);
}

function smsJson(memberId: string, sms: SmsMessage) {
  return {
    member_id: memberId,
    organization_id: sms.organizationId,
    code: sms.code,
    phone_number: sms.phoneNumber,
    locale: sms.locale,
    sent_at: sms.sentAt,
    expires_at: sms.expiresAt,
  };
}

function handleLastEmailOtp(target: ControlTarget, _body: unknown, params: Record<string, string>) {
  const otp = target.lastEmailOtp(params.email_address, params.organization_id);
  if (!otp) throw new StytchApiError(404, "otp_code_not_found", "No email code was sent to this address.");
  return emailOtpJson(otp);
}

function emailOtpJson(otp: EmailOtpMessage) {
  return {
    email_address: otp.emailAddress,
    organization_id: otp.organizationId,
    code: otp.code,
    locale: otp.locale,
    sent_at: otp.sentAt,
    expires_at: otp.expiresAt,
  };
}

function handleLastMagicLink(target: ControlTarget, _body: unknown, params: Record<string, string>) {
  const link = target.lastMagicLink(params.email_address, params.organization_id);
  if (!link) throw new StytchApiError(404, "magic_link_not_found", "No magic link was sent to this address.");
  return magicLinkJson(link);
}

function magicLinkJson(link: MagicLinkMessage) {
  return {
    email_address: link.emailAddress,
    organization_id: link.organizationId,
    member_id: link.memberId,
    token: link.token,
    url: link.url,
    locale: link.locale,
    sent_at: link.sentAt,
    expires_at: link.expiresAt,
  };
}

function handleNextSsoSignIn(target: ControlTarget, body: Record<string, unknown>) {
  if (typeof body.connection_id !== "string") throw badRequest("connection_id is required.");
  if (typeof body.email_address !== "string") throw badRequest("email_address is required.");
  target.setNextSsoSignIn({ connectionId: body.connection_id, emailAddress: body.email_address });
  return OK;
}
