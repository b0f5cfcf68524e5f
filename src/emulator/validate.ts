import { errors, StytchApiError } from "./errors";
import type { JsonObject } from "./types";

// Request-field checks shared by the routes. Missing optional strings may be absent or "" (the SDK drops
// undefined fields; an empty string is treated as "not given", as Stytch does).

export type Body = Record<string, unknown>;

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw errors.badRequest(`${name} must be a string.`);
  return value;
}

export function requiredString(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw errors.badRequest(`${name} is required.`);
  return value;
}

export const MIN_SESSION_MINUTES = 5;
export const MAX_SESSION_MINUTES = 527_040; // 366 days

export function sessionDuration(body: Body): number | undefined {
  const value = body.session_duration_minutes;
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MIN_SESSION_MINUTES ||
    value > MAX_SESSION_MINUTES
  ) {
    throw new StytchApiError(
      400,
      "invalid_session_duration_minutes",
      `session_duration_minutes must be an integer between ${MIN_SESSION_MINUTES} and ${MAX_SESSION_MINUTES}.`,
    );
  }
  return value;
}

const RESERVED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);
const MAX_CUSTOM_CLAIMS_BYTES = 4096;

/** Custom claims: reserved JWT claims and Stytch's own namespace are refused; at most 4 KB of JSON. */
export function customClaims(body: Body): JsonObject | undefined {
  const value = body.session_custom_claims;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw errors.badRequest("session_custom_claims must be an object.");
  }
  const keys = Object.keys(value);
  if (keys.some((k) => RESERVED_CLAIMS.has(k))) {
    throw new StytchApiError(
      400,
      "reserved_claims_in_custom_claims",
      "session_custom_claims may not contain the reserved claims iss, sub, aud, exp, nbf, iat or jti.",
    );
  }
  if (keys.some((k) => k.startsWith("https://stytch.com/"))) {
    throw new StytchApiError(
      400,
      "stytch_claims_in_custom_claims",
      "session_custom_claims may not contain claims in the https://stytch.com/ namespace.",
    );
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_CUSTOM_CLAIMS_BYTES) {
    throw new StytchApiError(400, "custom_claims_too_large", "session_custom_claims may not exceed 4 KB.");
  }
  return value as JsonObject;
}

/** Merges claims the way Stytch documents it: a `null` value deletes the key. */
export function mergeClaims(current: JsonObject, update: JsonObject | undefined): JsonObject {
  if (!update) return current;
  const merged: JsonObject = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

// The locales the SDK's `locale` type lists for SMS-sending calls.
const LOCALES = new Set([
  "en",
  "es",
  "pt-br",
  "fr",
  "it",
  "de-DE",
  "zh-Hans",
  "ca-ES",
  "ja",
  "ru",
  "nl",
  "pl",
  "tr",
  "fa",
  "vi",
  "cs",
]);

export function locale(body: Body): string | undefined {
  const value = optionalString(body, "locale");
  if (value !== undefined && !LOCALES.has(value)) {
    throw new StytchApiError(400, "invalid_locale", `Unsupported locale "${value}".`);
  }
  return value;
}

/** Exactly one of the named session arguments, else no_session_arguments / too_many_session_arguments. */
export function oneSessionArgument<N extends string>(
  body: Body,
  names: readonly N[],
): { name: N; value: string } {
  const given = names
    .map((name) => ({ name, value: optionalString(body, name) }))
    .filter((a): a is { name: N; value: string } => a.value !== undefined);
  if (given.length === 0) throw errors.noSessionArguments();
  if (given.length > 1) throw errors.tooManySessionArguments();
  return given[0];
}

// Loose on purpose: Stytch's own address rules are not published; this only refuses what cannot be one.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;
export const isEmailAddress = (value: string) => EMAIL_ADDRESS.test(value);

/** A required email address (`invalid_email` when it cannot be one). */
export function emailAddress(body: Body, name = "email_address"): string {
  const value = requiredString(body, name);
  if (!isEmailAddress(value)) {
    throw new StytchApiError(400, "invalid_email", `${name} is not a valid email address.`);
  }
  return value;
}

/** An optional `*_expiration_minutes` field: an integer in [min, max], else `fallback`. */
export function expirationMinutes(
  body: Body,
  name: string,
  limits: { min: number; max: number; fallback: number; errorType: string },
): number {
  const value = body[name];
  if (value === undefined || value === null) return limits.fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new StytchApiError(
      400,
      limits.errorType,
      `${name} must be an integer between ${limits.min} and ${limits.max}.`,
    );
  }
  return value;
}
