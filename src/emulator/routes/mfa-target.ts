import type { EmulatorContext } from "../context";
import { deviceFor } from "../device";
import { errors, StytchApiError } from "../errors";
import { withFactor } from "../factors";
import { consumeIntermediateSession, findIntermediateSession } from "../intermediate-sessions";
import {
  addFactorToSession,
  createSession,
  mintSessionJwt,
  sessionByJwt,
  sessionByToken,
  toMemberSession,
} from "../sessions";
import type { IntermediateSessionRecord, MemberRecord, SessionRecord } from "../store";
import type { AuthenticationFactor, Organization } from "../types";
import {
  customClaims,
  oneSessionArgument,
  optionalString,
  requiredString,
  sessionDuration,
  type Body,
} from "../validate";
import { activateMember } from "./activate-member";

// Shared by the MFA routes (SMS OTP, TOTP, recovery codes): find the org, the member and the IST or
// session the factor is for, and turn a verified factor into a full session.

export interface MfaTarget {
  org: Organization;
  record: MemberRecord;
  via:
    | { kind: "ist"; ist: IntermediateSessionRecord }
    | { kind: "session"; session: SessionRecord }
    | { kind: "none" };
}

const SESSION_ARGS = ["intermediate_session_token", "session_token", "session_jwt"] as const;

export function resolveMfaTarget(
  ctx: EmulatorContext,
  body: Body,
  opts: { sessionRequired: boolean },
): MfaTarget {
  const orgId = requiredString(body, "organization_id");
  const memberId = requiredString(body, "member_id");
  const anyGiven = SESSION_ARGS.some((n) => optionalString(body, n) !== undefined);
  const arg = anyGiven || opts.sessionRequired ? oneSessionArgument(body, SESSION_ARGS) : undefined;

  let via: MfaTarget["via"] = { kind: "none" };
  if (arg?.name === "intermediate_session_token")
    via = { kind: "ist", ist: findIntermediateSession(ctx, arg.value) };
  else if (arg?.name === "session_token") via = { kind: "session", session: sessionByToken(ctx, arg.value) };
  else if (arg?.name === "session_jwt") via = { kind: "session", session: sessionByJwt(ctx, arg.value) };

  const org = ctx.store.resolveOrganization(orgId);
  if (!org) throw errors.organizationNotFound();
  const record = ctx.store.memberInOrganization(org.organization_id, memberId);
  if (!record || record.member.status === "deleted") throw errors.memberNotFound();

  if (via.kind === "ist") {
    if (via.ist.organizationId !== org.organization_id) throw errors.istWrongOrganization("organization");
    if (via.ist.memberId !== record.member.member_id) throw errors.istWrongOrganization("member");
  }
  if (via.kind === "session" && via.session.memberId !== record.member.member_id) {
    throw new StytchApiError(400, "invalid_session_token", "The session does not belong to this member.");
  }
  return { org, record, via };
}

/** Checks that must pass before a code is looked at, so a doomed request does not burn the code. */
export function assertCompletable(target: MfaTarget, body: Body) {
  sessionDuration(body);
  customClaims(body);
  if (target.via.kind === "ist" && !target.via.ist.primarySatisfied) {
    throw new StytchApiError(
      400,
      "invalid_session_missing_primary_factor",
      "The intermediate session has no primary factor valid for this organization; complete primary auth first.",
    );
  }
  if (target.via.kind === "none") throw errors.noSessionArguments();
}

/**
 * After a verified MFA factor: an IST is consumed and becomes a new session (IST factors + the MFA factor);
 * an existing session gets the factor added (step-up) and keeps its token.
 */
export function completeMfa(
  ctx: EmulatorContext,
  target: MfaTarget,
  factor: AuthenticationFactor,
  body: Body,
) {
  const durationMinutes = sessionDuration(body);
  const claims = customClaims(body);
  let session: SessionRecord;
  if (target.via.kind === "ist") {
    consumeIntermediateSession(ctx, target.via.ist);
    activateMember(ctx, target.record);
    session = createSession(ctx, {
      memberId: target.record.member.member_id,
      factors: withFactor(target.via.ist.factors, factor),
      durationMinutes,
      customClaims: claims,
    });
  } else if (target.via.kind === "session") {
    session = addFactorToSession(ctx, target.via.session, factor, { durationMinutes, claims });
  } else {
    throw errors.noSessionArguments();
  }
  const telemetryId = optionalString(body, "telemetry_id");
  return {
    member_id: target.record.member.member_id,
    member: target.record.member,
    organization: target.org,
    session_token: session.token,
    session_jwt: mintSessionJwt(ctx, session),
    member_session: toMemberSession(ctx, session),
    ...(telemetryId ? { member_device: deviceFor(telemetryId, ctx.clock()) } : {}),
  };
}
