import type { ExchangeAnswer, IssuedSession } from "../types";
import { toMember } from "./member";
import { toOrganization } from "./organization";
import { toDeviceInfo, toMemberSession } from "./session";
import {
  MalformedAnswer,
  optionalDate,
  optionalObject,
  optionalString,
  requireObject,
  requireString,
  strings,
} from "./wire-values";

/** Stytch keeps an intermediate session token for 10 minutes unless it says otherwise. */
export const INTERMEDIATE_SESSION_LIFETIME_MS = 10 * 60 * 1000;

/**
 * Tells apart the three outcomes Stytch folds into one HTTP 200 body (`member_authenticated: false` with
 * empty-string tokens, and `mfa_required` or `primary_required` set): a primary factor outstanding wins over
 * MFA, because it has to be done first.
 */
export function toExchangeAnswer(wire: unknown, receivedAt: number): ExchangeAnswer {
  const body = requireObject(wire, "exchange answer");
  const base = {
    stytchRequestId: typeof body.request_id === "string" ? body.request_id : "",
    member: toMember(body.member),
    organization: toOrganization(body.organization),
    device: toDeviceInfo(body.member_device),
  };
  if (body.member_authenticated === true) {
    return { kind: "authenticated", ...base, ...toIssuedSession(body) };
  }
  const intermediateSessionToken = requireString(
    body.intermediate_session_token,
    "exchange.intermediate_session_token",
  );
  const intermediateSessionExpiresAt =
    optionalDate(body.intermediate_session_token_expires_at) ??
    new Date(receivedAt + INTERMEDIATE_SESSION_LIFETIME_MS);
  const primary = optionalObject(body.primary_required);
  if (primary) {
    return {
      kind: "primary_required",
      ...base,
      intermediateSessionToken,
      intermediateSessionExpiresAt,
      allowedAuthMethods: strings(primary.allowed_auth_methods),
    };
  }
  const mfa = optionalObject(body.mfa_required);
  // Not authenticated, yet no step named: guessing an outcome would leave the frontend at a dead end.
  if (!mfa) throw new MalformedAnswer("exchange without member_authenticated nor a required step");
  const options = optionalObject(mfa.member_options);
  return {
    kind: "mfa_required",
    ...base,
    intermediateSessionToken,
    intermediateSessionExpiresAt,
    maskedPhoneNumber: optionalString(options?.mfa_phone_number),
    totpRegistrationId: optionalString(options?.totp_registration_id),
    smsCodeSent: mfa.secondary_auth_initiated === "sms_otp",
  };
}

/** The session part of any answer that authenticated a member (exchange, sessions.authenticate, MFA). */
export function toIssuedSession(body: Record<string, unknown>): IssuedSession {
  return {
    session: toMemberSession(body.member_session),
    sessionToken: requireString(body.session_token, "session_token"),
    sessionJwt: requireString(body.session_jwt, "session_jwt"),
  };
}
