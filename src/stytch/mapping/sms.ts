import type { MfaRequiredOutcome } from "../types";
import { INTERMEDIATE_SESSION_LIFETIME_MS } from "./exchange";
import { toMember } from "./member";
import { toOrganization } from "./organization";
import { requireObject } from "./wire-values";

/**
 * Stytch's mask for an MFA phone in `mfa_required.member_options`: seven X and the last four digits
 * ("XXXXXXX1234"), whatever the number's length. One rule, so a resend shows what the exchange showed.
 */
export function maskLikeStytch(phone: string | null): string | null {
  if (!phone) return null;
  return `XXXXXXX${phone.replace(/\D/g, "").slice(-4)}`;
}

/**
 * otps.sms.send answers with the member and organization only: the pending step it re-sent for is the same
 * MFA challenge, with a code on its way. Stytch keeps the step at most 10 minutes from its start, so "now + 10
 * minutes" is an upper bound the caller may narrow when it knows the step's real end.
 */
export function toResentChallenge(
  wire: unknown,
  intermediateSessionToken: string,
  receivedAt: number,
): MfaRequiredOutcome {
  const body = requireObject(wire, "sms send answer");
  const member = toMember(body.member);
  return {
    kind: "mfa_required",
    stytchRequestId: typeof body.request_id === "string" ? body.request_id : "",
    member,
    organization: toOrganization(body.organization),
    device: null,
    intermediateSessionToken,
    intermediateSessionExpiresAt: new Date(receivedAt + INTERMEDIATE_SESSION_LIFETIME_MS),
    maskedPhoneNumber: maskLikeStytch(member.mfaPhoneNumber),
    totpRegistrationId: member.totpRegistrationId,
    smsCodeSent: true,
  };
}
