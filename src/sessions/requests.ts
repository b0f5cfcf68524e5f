import { domainToASCII } from "node:url";
import { BadUserInputError } from "../errors/app-errors";
import type { MfaFactor } from "../stytch/port";

/**
 * Shapes Stytch would refuse, refused before a rate-limited call (or an MFA attempt) is spent on them. Each
 * error names the GraphQL argument that carried the value.
 */

/** The locales Stytch's SMS templates support. */
export const SMS_LOCALES = ["en", "es", "pt-br", "fr", "it", "de-DE", "zh-Hans", "ca-ES"] as const;
/** An organization id, slug or external id; also the shape of a telemetry id. */
const ORG_REFERENCE = /^[\x21-\x7e]{1,256}$/;
const STYTCH_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const SIX_DIGITS = /^\d{6}$/;
const RECOVERY_CODE = /^[A-Za-z0-9-]{4,64}$/;

export function validateOrganizationReference(reference: string): void {
  if (!ORG_REFERENCE.test(reference))
    throw new BadUserInputError("orgId must be an organization id, slug or external id.", "orgId");
}

export function validateTelemetryId(telemetryId: string | null | undefined): void {
  if (telemetryId !== undefined && telemetryId !== null && !ORG_REFERENCE.test(telemetryId))
    throw new BadUserInputError("telemetryId is not a Stytch telemetry id.", "telemetryId");
}

export function validateLocale(locale: string | null | undefined): void {
  if (locale === undefined || locale === null) return;
  if (!(SMS_LOCALES as readonly string[]).includes(locale))
    throw new BadUserInputError(`locale must be one of ${SMS_LOCALES.join(", ")}.`, "locale");
}

export function validateMemberReference(organizationId: string, memberId: string): void {
  if (!STYTCH_ID.test(organizationId))
    throw new BadUserInputError("orgId must be an organization id.", "orgId");
  if (!STYTCH_ID.test(memberId)) throw new BadUserInputError("memberId must be a member id.", "memberId");
}

export function validateCode(factor: MfaFactor, code: string): void {
  const recovery = factor === "recovery_code";
  if (!(recovery ? RECOVERY_CODE : SIX_DIGITS).test(code))
    throw new BadUserInputError(recovery ? "code is not a recovery code." : "code must be 6 digits.", "code");
}

/** What Stytch takes as an email address; anything longer than RFC 5321 allows is refused here. */
const EMAIL_ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,253}$/;
/** Stytch's codes and tokens (magic links, SSO, intermediate sessions): base64url, never longer than this. */
const TOKEN = /^[A-Za-z0-9_-]{1,512}$/;

export function validateEmailAddress(emailAddress: string): string {
  const trimmed = emailAddress.trim();
  const domain = trimmed.slice(trimmed.lastIndexOf("@") + 1);
  // A domain no resolver could look up (e.g. one with invisible joiners) reaches no mailbox.
  if (trimmed.length > 254 || !EMAIL_ADDRESS.test(trimmed) || domainToASCII(domain) === "")
    throw new BadUserInputError("email is not an email address.", "email");
  return trimmed;
}

export function validateEmailCode(code: string): void {
  if (!SIX_DIGITS.test(code)) throw new BadUserInputError("code must be 6 digits.", "code");
}

/** A token from a link's or a redirect's query string, or a pending step's token from an argument. */
export function validateToken(token: string, argumentName: string): void {
  if (!TOKEN.test(token)) throw new BadUserInputError(`${argumentName} is not a Stytch token.`, argumentName);
}
