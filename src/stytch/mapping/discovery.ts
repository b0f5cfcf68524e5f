import type { DiscoveredOrganization, PredictedStep } from "../types";
import { toMember } from "./member";
import { toOrganization } from "./organization";
import { list, optionalObject, stringOrEmpty } from "./wire-values";

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
