import type { SessionCredential } from "../stytch/port";

/** Longest token we pass on; Stytch session JWTs with custom claims stay well below. */
const MAX_TOKEN_LENGTH = 8192;
/** Opaque session tokens are base64url; JWTs are three base64url parts joined by dots. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Only the scheme is matched by a regex: running one over a 1 KB JWT header costs ~1 µs, a slice ~0.1. */
const BEARER_SCHEME = /^Bearer +/i;

/**
 * Reads a session token or JWT as sent by a client. Anything that cannot be a Stytch credential is
 * dropped here, so that garbage never costs an upstream call.
 */
export function toSessionCredential(raw: string | undefined): SessionCredential | null {
  if (!raw || raw.length > MAX_TOKEN_LENGTH) return null;
  if (JWT_SHAPE.test(raw)) return { kind: "session_jwt", value: raw };
  if (TOKEN_SHAPE.test(raw)) return { kind: "session_token", value: raw };
  return null;
}

/** `Authorization: Bearer <session token or session JWT>`, the mobile way to call the BFF. */
export function credentialFromAuthorization(header: string | undefined): SessionCredential | null {
  if (!header) return null;
  const scheme = BEARER_SCHEME.exec(header);
  // Anything else in the value (inner spaces included) fails the credential's shape check.
  return scheme ? toSessionCredential(header.slice(scheme[0].length).trimEnd()) : null;
}
