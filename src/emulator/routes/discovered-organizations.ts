import { rfc3339 } from "../clock";
import type { EmulatorContext } from "../context";
import { createIntermediateSession } from "../intermediate-sessions";
import { decideAccess } from "../policy";
import type { AuthenticationFactor } from "../types";

// The discovered_organizations list that discovery.organizations.list and the discovery authenticate routes
// (email OTP, magic link) answer with: the person's active, pending and invited memberships, each with the
// outcome an exchange into it would have. A prediction only: never sends an SMS, changes nothing.

const LISTED_STATUSES = new Set(["active", "pending", "invited"]);

/**
 * `currentMemberId` is the member of the caller's full session, if any: an exchange into that member's own
 * organization is always authenticated. ISTs have none (their factors are checked like any other org's).
 */
export function discoveredOrganizations(
  ctx: EmulatorContext,
  emailAddress: string,
  factors: AuthenticationFactor[],
  currentMemberId?: string,
) {
  return ctx.store
    .membersOfPerson(emailAddress)
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
}

/**
 * The answer of a discovery authentication (email OTP or magic link): a new IST that is only a bag of the
 * one email factor, bound to no organization yet, and the person's organizations — empty for an address
 * without memberships (Stytch still answers with an IST, which could create an organization).
 */
export function discoveryAuthenticatedFields(
  ctx: EmulatorContext,
  emailAddress: string,
  factor: AuthenticationFactor,
) {
  const ist = createIntermediateSession(ctx, {
    emailAddress,
    memberId: undefined,
    organizationId: undefined,
    factors: [factor],
    primarySatisfied: false,
  });
  return {
    intermediate_session_token: ist.token,
    intermediate_session_token_expires_at: rfc3339(ist.expiresAt),
    email_address: ist.emailAddress,
    discovered_organizations: discoveredOrganizations(ctx, ist.emailAddress, ist.factors),
  };
}
