import type { DiscoverySignIn } from "../port";
import type { DiscoveredOrganization, PredictedStep } from "../types";
import { INTERMEDIATE_SESSION_LIFETIME_MS } from "./exchange";
import { toMember } from "./member";
import { toOrganization } from "./organization";
import { list, optionalDate, optionalObject, requireString, stringOrEmpty } from "./wire-values";

/** Stytch's discovery list, with each membership's predicted exchange outcome told apart as exchange does. */
export function toDiscoveredOrganizations(body: Record<string, unknown>): DiscoveredOrganization[] {
  return list(body.discovered_organizations, (entry) => {
    const membership = optionalObject(entry.membership);
    const member = optionalObject(membership?.member);
    return {
      organization: toOrganization(entry.organization),
      membershipType: stringOrEmpty(membership?.type),
      member: member ? toMember(member) : null,
      nextStep: nextStep(entry),
    };
  });
}

function nextStep(entry: Record<string, unknown>): PredictedStep {
  if (entry.member_authenticated === true) return "authenticated";
  return optionalObject(entry.primary_required) ? "primary_required" : "mfa_required";
}

/** A discovery sign-in (email code or link): the proven address, its intermediate session, its organizations. */
export function toDiscoverySignIn(body: Record<string, unknown>, receivedAt: number): DiscoverySignIn {
  return {
    emailAddress: requireString(body.email_address, "email_address"),
    intermediateSessionToken: requireString(body.intermediate_session_token, "intermediate_session_token"),
    intermediateSessionExpiresAt:
      optionalDate(body.intermediate_session_token_expires_at) ??
      new Date(receivedAt + INTERMEDIATE_SESSION_LIFETIME_MS),
    organizations: toDiscoveredOrganizations(body),
  };
}
