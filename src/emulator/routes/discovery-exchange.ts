import { deviceFor } from "../device";
import { errors } from "../errors";
import { findIntermediateSession } from "../intermediate-sessions";
import { decideAccess } from "../policy";
import { customClaims, locale, optionalString, requiredString, sessionDuration } from "../validate";
import { outcomeFields } from "./outcome";
import type { Handler } from "./route";

// POST /v1/b2b/discovery/intermediate_sessions/exchange: enter one organization with an IST (from a
// discovery authentication, or from an earlier step-required answer). Same answer as sessions.exchange and
// the same policy: the IST's factors that count for the organization decide primary auth, then MFA. On
// success the IST is used up; when a step remains, Stytch hands back the "identical" IST, now pending for
// this organization's member. Invites are accepted (the member becomes active); no JIT provisioning.
export const exchangeIntermediateSession: Handler = (ctx, { body }) => {
  const token = requiredString(body, "intermediate_session_token");
  const organizationId = requiredString(body, "organization_id");
  const request = {
    durationMinutes: sessionDuration(body),
    claims: customClaims(body),
    smsLocale: locale(body),
  };
  const telemetryId = optionalString(body, "telemetry_id");
  const ist = findIntermediateSession(ctx, token);
  const org = ctx.store.resolveOrganization(organizationId);
  if (!org) throw errors.organizationNotFound();
  const target = ctx.store.memberOfPersonIn(ist.emailAddress, org.organization_id);
  if (!target) throw errors.memberNotFound();
  // Never "same member": an IST is not a session, so even its own organization's factors are re-checked.
  const decision = decideAccess(org, target, ist.factors, false);
  return {
    member_id: target.member.member_id,
    member: target.member,
    organization: org,
    ...(telemetryId ? { member_device: deviceFor(telemetryId, ctx.clock()) } : {}),
    ...outcomeFields(ctx, { org, target, decision, request, ist }),
  };
};
