import { ALL_AUTH_METHODS, authMethodOf, carryOverFactors, isSmsFactor } from "./factors";
import type { MemberRecord } from "./store";
import { maskPhoneNumber } from "./sms";
import type { AuthenticationFactor, Organization } from "./types";

// What an exchange into an organization would yield for a set of factors (contract 2.3). Shared by
// sessions.exchange (which acts on it) and discovery (which only predicts it, never sending an SMS).

export type AccessDecision =
  | { kind: "authenticated"; factors: AuthenticationFactor[] }
  | { kind: "primary_required"; factors: AuthenticationFactor[]; allowedAuthMethods: string[] }
  | {
      kind: "mfa_required";
      factors: AuthenticationFactor[];
      memberOptions: { mfa_phone_number: string; totp_registration_id: string };
      /** Whether an exchange sends an SMS code at once (member has a phone, org allows SMS, not TOTP-first). */
      sendsSms: boolean;
    };

export const smsAllowed = (org: Organization) =>
  org.mfa_methods !== "RESTRICTED" || org.allowed_mfa_methods.includes("sms_otp");
export const totpAllowed = (org: Organization) =>
  org.mfa_methods !== "RESTRICTED" || org.allowed_mfa_methods.includes("totp");

export function allowedAuthMethods(org: Organization): string[] {
  return org.auth_methods === "RESTRICTED" ? [...org.allowed_auth_methods] : [...ALL_AUTH_METHODS];
}

/** Does the factor list satisfy the target's primary-auth policy? */
export function primarySatisfied(org: Organization, factors: AuthenticationFactor[]): boolean {
  const allowed = allowedAuthMethods(org);
  return factors.some((f) => {
    const method = authMethodOf(f);
    return method !== undefined && allowed.includes(method);
  });
}

export function mfaRequired(org: Organization, record: MemberRecord): boolean {
  return org.mfa_policy === "REQUIRED_FOR_ALL" || record.member.mfa_enrolled;
}

export function mfaSatisfied(
  org: Organization,
  record: MemberRecord,
  factors: AuthenticationFactor[],
): boolean {
  const member = record.member;
  return factors.some((f) => {
    if (isSmsFactor(f)) {
      const phone = (f.phone_number_factor as { phone_number?: string } | undefined)?.phone_number;
      return smsAllowed(org) && member.mfa_phone_number_verified && phone === member.mfa_phone_number;
    }
    if (f.type === "totp") {
      const totpId = (f.authenticator_app_factor as { totp_id?: string } | undefined)?.totp_id;
      return totpAllowed(org) && member.totp_registration_id !== "" && totpId === member.totp_registration_id;
    }
    // Recovery codes stand in for the member's TOTP.
    return f.type === "recovery_codes" && member.totp_registration_id !== "";
  });
}

/**
 * Decides the outcome of moving a session's factors into `target`'s member. A session of the same member
 * (same-org exchange) keeps every factor and is always authenticated; otherwise only the factors valid for
 * the target carry over, the primary policy is checked first, then MFA.
 */
export function decideAccess(
  org: Organization,
  target: MemberRecord,
  sourceFactors: AuthenticationFactor[],
  sameMember: boolean,
): AccessDecision {
  if (sameMember) return { kind: "authenticated", factors: sourceFactors };
  const factors = carryOverFactors(sourceFactors, org, target.member);
  if (!primarySatisfied(org, factors)) {
    return { kind: "primary_required", factors, allowedAuthMethods: allowedAuthMethods(org) };
  }
  if (mfaRequired(org, target) && !mfaSatisfied(org, target, factors)) {
    const member = target.member;
    const phone = smsAllowed(org) ? member.mfa_phone_number : "";
    const totp = totpAllowed(org) ? member.totp_registration_id : "";
    const totpFirst = member.default_mfa_method === "totp" && totp !== "";
    return {
      kind: "mfa_required",
      factors,
      memberOptions: { mfa_phone_number: maskPhoneNumber(phone), totp_registration_id: totp },
      sendsSms: phone !== "" && !totpFirst,
    };
  }
  return { kind: "authenticated", factors };
}
