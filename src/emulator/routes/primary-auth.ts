import type { EmulatorContext } from "../context";
import { deviceFor } from "../device";
import { errors } from "../errors";
import { carryOverFactors, withFactor } from "../factors";
import { findIntermediateSession } from "../intermediate-sessions";
import { decideAccess } from "../policy";
import { addFactorToSession, sessionByJwt, sessionByToken } from "../sessions";
import type { IntermediateSessionRecord, MemberRecord, SessionRecord } from "../store";
import type { AuthenticationFactor, Organization } from "../types";
import { customClaims, locale, optionalString, sessionDuration, type Body } from "../validate";
import { activateMember } from "./activate-member";
import { outcomeFields, sessionFields, type SessionRequest } from "./outcome";

// Shared by the primary-authentication routes (email OTP, magic link, SSO authenticate): what the call came
// with besides its proof (an IST to add the factor to, or a session to step up), and turning a verified
// primary factor into the organization's answer — authenticated, or mfa_required when its policy asks.

export type PrimaryVia =
  | { kind: "ist"; ist: IntermediateSessionRecord }
  | { kind: "session"; session: SessionRecord }
  | { kind: "none" };

const SESSION_ARGS = ["intermediate_session_token", "session_token", "session_jwt"] as const;

export interface PrimaryRequest extends SessionRequest {
  via: PrimaryVia;
  telemetryId: string | undefined;
}

/**
 * Checked in this order before the proof is looked at, so a doomed request does not use up the code or
 * token: at most one of IST / session token / session JWT, each of them live, then the session fields.
 */
export function parsePrimaryRequest(ctx: EmulatorContext, body: Body): PrimaryRequest {
  const given = SESSION_ARGS.filter((name) => optionalString(body, name) !== undefined);
  if (given.length > 1) throw errors.tooManySessionArguments();
  return {
    via:
      given.length === 0 ? { kind: "none" } : viaOf(ctx, given[0], optionalString(body, given[0]) as string),
    durationMinutes: sessionDuration(body),
    claims: customClaims(body),
    smsLocale: locale(body),
    telemetryId: optionalString(body, "telemetry_id"),
  };
}

function viaOf(ctx: EmulatorContext, name: (typeof SESSION_ARGS)[number], value: string): PrimaryVia {
  if (name === "intermediate_session_token") return { kind: "ist", ist: findIntermediateSession(ctx, value) };
  const session = name === "session_token" ? sessionByToken(ctx, value) : sessionByJwt(ctx, value);
  return { kind: "session", session };
}

/**
 * An IST only collects factors of one person, and once bound (by an exchange or an earlier step) only for
 * that organization and member: anything else is `invalid_intermediate_session_token_for_organization`.
 */
export function assertIstFits(via: PrimaryVia, org: Organization, record: MemberRecord): void {
  if (via.kind !== "ist") return;
  const { ist } = via;
  if (ist.organizationId !== undefined && ist.organizationId !== org.organization_id) {
    throw errors.istWrongOrganization("organization");
  }
  const otherMember = ist.memberId !== undefined && ist.memberId !== record.member.member_id;
  if (otherMember || ist.emailAddress !== record.member.email_address.toLowerCase()) {
    throw errors.istWrongOrganization("member");
  }
}

/**
 * After the proof is verified and used up. A session of the same member is stepped up and needs no MFA
 * (Stytch: "If a valid session_token or session_jwt is passed in, the Member will not be required to
 * complete an MFA step"); a session of another member is ignored, as Stytch documents. Otherwise the factor
 * joins the IST's factors that count for this organization, and the organization's policy decides.
 */
export function completePrimaryAuth(
  ctx: EmulatorContext,
  entry: { org: Organization; record: MemberRecord; factor: AuthenticationFactor; request: PrimaryRequest },
) {
  const { org, record, factor, request } = entry;
  const { via } = request;
  const common = {
    member_id: record.member.member_id,
    organization_id: org.organization_id,
    member: record.member,
    organization: org,
    ...(request.telemetryId ? { member_device: deviceFor(request.telemetryId, ctx.clock()) } : {}),
  };
  if (via.kind === "session" && via.session.memberId === record.member.member_id) {
    activateMember(ctx, record);
    return { ...common, ...sessionFields(ctx, addFactorToSession(ctx, via.session, factor, request)) };
  }
  const ist = via.kind === "ist" ? via.ist : undefined;
  const factors = withFactor(carryOverFactors(ist?.factors ?? [], org, record.member), factor);
  const decision = decideAccess(org, record, factors, false);
  return { ...common, ...outcomeFields(ctx, { org, target: record, decision, request, ist }) };
}
