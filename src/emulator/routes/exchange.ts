import { deviceFor } from "../device";
import { errors } from "../errors";
import { createIntermediateSession } from "../intermediate-sessions";
import { rfc3339 } from "../clock";
import { decideAccess } from "../policy";
import { createSession, mintSessionJwt, sessionByJwt, sessionByToken, toMemberSession } from "../sessions";
import { sendSmsCode } from "../sms";
import {
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
  const organizationId = requiredString(body, "organization_id");
  const arg = oneSessionArgument(body, ["session_token", "session_jwt"] as const);
  const durationMinutes = sessionDuration(body);
  const claims = customClaims(body);
  const smsLocale = locale(body);
  const telemetryId = optionalString(body, "telemetry_id");

  const source = arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
  const org = ctx.store.resolveOrganization(organizationId);
  if (!org) throw errors.organizationNotFound();
  const sourceMember = ctx.store.requireMember(source.memberId).member;
  const target = ctx.store.memberOfPersonIn(sourceMember.email_address, org.organization_id);
  if (!target) throw errors.memberNotFound();

  const decision = decideAccess(org, target, source.factors, target.member.member_id === source.memberId);
  const common = {
    member_id: target.member.member_id,
    member: target.member,
    organization: org,
    ...(telemetryId ? { member_device: deviceFor(telemetryId, ctx.clock()) } : {}),
  };

  if (decision.kind === "authenticated") {
    activateMember(ctx, target);
    // Custom claims do not carry over from the source session: the new session has only the ones sent here.
    const session = createSession(ctx, {
      memberId: target.member.member_id,
      factors: decision.factors,
      durationMinutes,
      customClaims: claims,
    });
    return {
      ...common,
      member_authenticated: true,
      member_session: toMemberSession(ctx, session),
      session_token: session.token,
      session_jwt: mintSessionJwt(ctx, session),
      intermediate_session_token: "",
      mfa_required: null,
      primary_required: null,
    };
  }

  const ist = createIntermediateSession(ctx, {
    memberId: target.member.member_id,
    organizationId: org.organization_id,
    factors: decision.factors,
    primarySatisfied: decision.kind === "mfa_required",
  });
  let mfaRequired = null;
  if (decision.kind === "mfa_required") {
    if (decision.sendsSms) {
      sendSmsCode(ctx, {
        memberId: target.member.member_id,
        organizationId: org.organization_id,
        phoneNumber: target.member.mfa_phone_number,
        locale: smsLocale,
      });
    }
    mfaRequired = {
      member_options: decision.memberOptions,
      secondary_auth_initiated: decision.sendsSms ? "sms_otp" : null,
    };
  }
  return {
    ...common,
    member_authenticated: false,
    member_session: null,
    session_token: "",
    session_jwt: "",
    intermediate_session_token: ist.token,
    intermediate_session_token_expires_at: rfc3339(ist.expiresAt),
    mfa_required: mfaRequired,
    primary_required:
      decision.kind === "primary_required" ? { allowed_auth_methods: decision.allowedAuthMethods } : null,
  };
};
