import { rfc3339 } from "../clock";
import type { EmulatorContext } from "../context";
import {
  bindIntermediateSession,
  consumeIntermediateSession,
  createIntermediateSession,
} from "../intermediate-sessions";
import type { AccessDecision } from "../policy";
import { createSession, mintSessionJwt, toMemberSession } from "../sessions";
import { sendSmsCode } from "../sms";
import type { IntermediateSessionRecord, MemberRecord, SessionRecord } from "../store";
import type { JsonObject, Organization } from "../types";
import { activateMember } from "./activate-member";

// The answer every "enter an organization" call shares (sessions.exchange, discovery exchange, and the
// email OTP / magic link / SSO authenticate routes): authenticated with a new session, or a step still
// required with an IST. HTTP 200 either way; step-required answers carry "" tokens and a null member_session.

/** What the caller asked for the session it may get, and the language of an SMS it may trigger. */
export interface SessionRequest {
  durationMinutes: number | undefined;
  claims: JsonObject | undefined;
  smsLocale: string | undefined;
}

export interface Entry {
  org: Organization;
  target: MemberRecord;
  decision: AccessDecision;
  request: SessionRequest;
  /** The IST the call came with: consumed on success, handed back (re-bound) when a step remains. */
  ist?: IntermediateSessionRecord;
}

export function outcomeFields(ctx: EmulatorContext, entry: Entry) {
  const { decision } = entry;
  if (decision.kind === "authenticated") {
    if (entry.ist) consumeIntermediateSession(ctx, entry.ist);
    activateMember(ctx, entry.target);
    // Custom claims never carry over from anywhere: the new session has only the ones of this request.
    const session = createSession(ctx, {
      memberId: entry.target.member.member_id,
      factors: decision.factors,
      durationMinutes: entry.request.durationMinutes,
      customClaims: entry.request.claims,
    });
    return sessionFields(ctx, session);
  }
  return stepRequiredFields(ctx, { ...entry, decision });
}

/** The fields of an authenticated answer for `session` (new, or an existing one that was stepped up). */
export function sessionFields(ctx: EmulatorContext, session: SessionRecord) {
  return {
    member_authenticated: true,
    member_session: toMemberSession(ctx, session),
    session_token: session.token,
    session_jwt: mintSessionJwt(ctx, session),
    intermediate_session_token: "",
    mfa_required: null,
    primary_required: null,
  };
}

type StepEntry = Entry & { decision: Exclude<AccessDecision, { kind: "authenticated" }> };

/** Primary auth or MFA still needed: an IST that carries the factors that count for the organization. */
function stepRequiredFields(ctx: EmulatorContext, entry: StepEntry) {
  const { org, target, decision } = entry;
  const binding = {
    memberId: target.member.member_id,
    organizationId: org.organization_id,
    factors: decision.factors,
    primarySatisfied: decision.kind === "mfa_required",
  };
  const ist = entry.ist
    ? bindIntermediateSession(entry.ist, binding)
    : createIntermediateSession(ctx, { ...binding, emailAddress: target.member.email_address });
  return {
    member_authenticated: false,
    member_session: null,
    session_token: "",
    session_jwt: "",
    intermediate_session_token: ist.token,
    intermediate_session_token_expires_at: rfc3339(ist.expiresAt),
    mfa_required: decision.kind === "mfa_required" ? startMfa(ctx, entry, decision) : null,
    primary_required:
      decision.kind === "primary_required" ? { allowed_auth_methods: decision.allowedAuthMethods } : null,
  };
}

/** The mfa_required block; sends the SMS code at once when the decision says the call does. */
function startMfa(
  ctx: EmulatorContext,
  { org, target, request }: Entry,
  decision: Extract<AccessDecision, { kind: "mfa_required" }>,
) {
  if (decision.sendsSms) {
    sendSmsCode(ctx, {
      memberId: target.member.member_id,
      organizationId: org.organization_id,
      phoneNumber: target.member.mfa_phone_number,
      locale: request.smsLocale,
    });
  }
  return {
    member_options: decision.memberOptions,
    secondary_auth_initiated: decision.sendsSms ? "sms_otp" : null,
  };
}
