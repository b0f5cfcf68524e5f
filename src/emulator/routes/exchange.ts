import type { EmulatorContext } from "../context";
import { deviceFor } from "../device";
import { errors } from "../errors";
import { createIntermediateSession } from "../intermediate-sessions";
import { rfc3339 } from "../clock";
import { decideAccess, type AccessDecision } from "../policy";
import { createSession, mintSessionJwt, sessionByJwt, sessionByToken, toMemberSession } from "../sessions";
import { sendSmsCode } from "../sms";
import type { MemberRecord, SessionRecord } from "../store";
import type { Organization } from "../types";
import {
  type Body,
  customClaims,
  locale,
  oneSessionArgument,
  optionalString,
  requiredString,
  sessionDuration,
} from "../validate";
import type { Handler } from "./route";
import { activateMember } from "./activate-member";

// POST /v1/b2b/sessions/exchange: move the caller's session into another organization of the same person.
// HTTP 200 for all three outcomes; step-required answers carry "" tokens, a null member_session and an IST.
export const exchangeSession: Handler = (ctx, { body }) => {
  const request = parseExchangeRequest(body);
  const source = sourceSession(ctx, request.session);
  const { org, target } = resolveTarget(ctx, source, request.organizationId);
  const decision = decideAccess(org, target, source.factors, target.member.member_id === source.memberId);
  const common = {
    member_id: target.member.member_id,
    member: target.member,
    organization: org,
    ...(request.telemetryId ? { member_device: deviceFor(request.telemetryId, ctx.clock()) } : {}),
  };
  if (decision.kind === "authenticated") {
    return { ...common, ...authenticatedFields(ctx, target, decision, request) };
  }
  return { ...common, ...stepRequiredFields(ctx, { org, target, decision, smsLocale: request.smsLocale }) };
};

type ExchangeRequest = ReturnType<typeof parseExchangeRequest>;

/** Checked in this order and the first failure wins: the order decides which error a bad request gets. */
function parseExchangeRequest(body: Body) {
  return {
    organizationId: requiredString(body, "organization_id"),
    session: oneSessionArgument(body, ["session_token", "session_jwt"] as const),
    durationMinutes: sessionDuration(body),
    claims: customClaims(body),
    smsLocale: locale(body),
    telemetryId: optionalString(body, "telemetry_id"),
  };
}

function sourceSession(ctx: EmulatorContext, arg: ExchangeRequest["session"]): SessionRecord {
  return arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
}

/** The organization asked for, and the same person's member in it (matched by email address). */
function resolveTarget(ctx: EmulatorContext, source: SessionRecord, organizationId: string) {
  const org = ctx.store.resolveOrganization(organizationId);
  if (!org) throw errors.organizationNotFound();
  const sourceMember = ctx.store.requireMember(source.memberId).member;
  const target = ctx.store.memberOfPersonIn(sourceMember.email_address, org.organization_id);
  if (!target) throw errors.memberNotFound();
  return { org, target };
}

function authenticatedFields(
  ctx: EmulatorContext,
  target: MemberRecord,
  decision: Extract<AccessDecision, { kind: "authenticated" }>,
  request: ExchangeRequest,
) {
  activateMember(ctx, target);
  // Custom claims do not carry over from the source session: the new session has only the ones sent here.
  const session = createSession(ctx, {
    memberId: target.member.member_id,
    factors: decision.factors,
    durationMinutes: request.durationMinutes,
    customClaims: request.claims,
  });
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

interface StepRequired {
  org: Organization;
  target: MemberRecord;
  decision: Exclude<AccessDecision, { kind: "authenticated" }>;
  smsLocale: string | undefined;
}

/** Primary auth or MFA still needed: an IST that carries the factors that did carry over. */
function stepRequiredFields(ctx: EmulatorContext, step: StepRequired) {
  const { org, target, decision } = step;
  const ist = createIntermediateSession(ctx, {
    memberId: target.member.member_id,
    organizationId: org.organization_id,
    factors: decision.factors,
    primarySatisfied: decision.kind === "mfa_required",
  });
  return {
    member_authenticated: false,
    member_session: null,
    session_token: "",
    session_jwt: "",
    intermediate_session_token: ist.token,
    intermediate_session_token_expires_at: rfc3339(ist.expiresAt),
    mfa_required: decision.kind === "mfa_required" ? startMfa(ctx, step, decision) : null,
    primary_required:
      decision.kind === "primary_required" ? { allowed_auth_methods: decision.allowedAuthMethods } : null,
  };
}

/** The mfa_required block; sends the SMS code at once when the decision says the exchange does. */
function startMfa(
  ctx: EmulatorContext,
  { org, target, smsLocale }: StepRequired,
  decision: Extract<AccessDecision, { kind: "mfa_required" }>,
) {
  if (decision.sendsSms) {
    sendSmsCode(ctx, {
      memberId: target.member.member_id,
      organizationId: org.organization_id,
      phoneNumber: target.member.mfa_phone_number,
      locale: smsLocale,
    });
  }
  return {
    member_options: decision.memberOptions,
    secondary_auth_initiated: decision.sendsSms ? "sms_otp" : null,
  };
}
