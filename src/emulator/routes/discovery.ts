import { findIntermediateSession } from "../intermediate-sessions";
import { decideAccess } from "../policy";
import { sessionByJwt, sessionByToken } from "../sessions";
import type { AuthenticationFactor } from "../types";
import { oneSessionArgument } from "../validate";
import type { Handler } from "./route";

const LISTED_STATUSES = new Set(["active", "pending", "invited"]);

// POST /v1/b2b/discovery/organizations: the person's active, pending and invited memberships, each with the
// outcome an exchange into it would have. Read-only: never sends an SMS, never consumes the token.
export const listDiscoveredOrganizations: Handler = (ctx, { body }) => {
  const arg = oneSessionArgument(body, [
    "intermediate_session_token",
    "session_token",
    "session_jwt",
  ] as const);
  let memberId: string;
  let factors: AuthenticationFactor[];
  let currentMemberId: string | undefined;
  let hint: string | null = null;
  if (arg.name === "intermediate_session_token") {
    const ist = findIntermediateSession(ctx, arg.value);
    memberId = ist.memberId;
    factors = ist.factors;
    hint = ist.organizationId;
  } else {
    const session =
      arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
    memberId = session.memberId;
    factors = session.factors;
    currentMemberId = session.memberId;
  }
  const email = ctx.store.requireMember(memberId).member.email_address;
  const discovered = ctx.store
    .membersOfPerson(email)
    .filter((r) => LISTED_STATUSES.has(r.member.status))
    .map((record) => {
      const org = ctx.store.requireOrganization(record.member.organization_id);
      const decision = decideAccess(org, record, factors, record.member.member_id === currentMemberId);
      return {
        member_authenticated: decision.kind === "authenticated",
        organization: org,
        membership: { type: `${record.member.status}_member`, details: null, member: record.member },
        primary_required:
          decision.kind === "primary_required" ? { allowed_auth_methods: decision.allowedAuthMethods } : null,
        mfa_required:
          decision.kind === "mfa_required"
            ? { member_options: decision.memberOptions, secondary_auth_initiated: null }
            : null,
      };
    });
  return { email_address: email, discovered_organizations: discovered, organization_id_hint: hint };
};
