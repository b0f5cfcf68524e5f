import { createHash, randomBytes, randomUUID } from "node:crypto";

// Stytch ids are `<kind>-test-<uuid>` in test projects. Seeded ids are derived from a name so that they
// are identical on every run; runtime ids (sessions, requests) are random.

/** A version-4-shaped UUID derived from `name` (deterministic). */
export function uuidFromName(name: string): string {
  const bytes = createHash("sha256").update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function testId(kind: string, name?: string): string {
  return `${kind}-test-${name === undefined ? randomUUID() : uuidFromName(`${kind}:${name}`)}`;
}

export function requestId(): string {
  return `request-id-test-${randomUUID()}`;
}

/** Opaque session / intermediate session tokens: 44 base64url characters (33 bytes), like Stytch's. */
export function randomToken(): string {
  return randomBytes(33).toString("base64url");
}

export function derivedToken(seed: string): string {
  return createHash("sha512").update(seed).digest().subarray(0, 33).toString("base64url");
}
