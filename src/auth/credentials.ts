import type { SessionCredential } from "../stytch/port";

/** Longest token we pass on; Stytch session JWTs with custom claims stay well below. */
const MAX_TOKEN_LENGTH = 8192;
/** Opaque session tokens are base64url; JWTs are three base64url parts joined by dots. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

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
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  return match ? toSessionCredential(match[1]) : null;
}
