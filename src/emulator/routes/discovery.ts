import { findIntermediateSession } from "../intermediate-sessions";
import { sessionByJwt, sessionByToken } from "../sessions";
import { oneSessionArgument } from "../validate";
import { discoveredOrganizations } from "./discovered-organizations";
import type { Handler } from "./route";

// POST /v1/b2b/discovery/organizations: with an IST (from a discovery authentication, or from a step-required
// exchange) or a member session. Read-only: never sends an SMS, never consumes the token.
export const listDiscoveredOrganizations: Handler = (ctx, { body }) => {
  const arg = oneSessionArgument(body, [
    "intermediate_session_token",
    "session_token",
    "session_jwt",
  ] as const);
  if (arg.name === "intermediate_session_token") {
    const ist = findIntermediateSession(ctx, arg.value);
    return {
      email_address: ist.emailAddress,
      discovered_organizations: discoveredOrganizations(ctx, ist.emailAddress, ist.factors),
      // The organization the IST is pending for; null for a discovery IST, as for a session.
      organization_id_hint: ist.organizationId ?? null,
    };
  }
  const session =
    arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
  const email = ctx.store.requireMember(session.memberId).member.email_address;
  return {
    email_address: email,
    discovered_organizations: discoveredOrganizations(ctx, email, session.factors, session.memberId),
    organization_id_hint: null,
  };
};
