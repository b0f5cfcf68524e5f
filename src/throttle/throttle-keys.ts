import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { domainToASCII } from "node:url";
import type { MemberKey } from "../stytch/port";

/**
 * Store keys. A credential is never a key in clear (a store shared by replicas, its backups and its monitoring
 * must not hold tokens): it is hashed, 128 bits of SHA-256 being plenty to tell tokens apart.
 */
export const hashCredential = (credential: string): string =>
  createHash("sha256").update(credential).digest("base64url").slice(0, 22);

/** How a guessable value (an email address, a client address) becomes part of a key. */
export type KeyHash = (text: string) => string;

/**
 * A keyed hash (HMAC-SHA-256, 128 bits) for values that, unlike tokens, can be guessed: an email address or a
 * client IP hashed without a key is found again by hashing a dictionary of addresses (or all 2^32 IPv4s), so a
 * copy of Redis would tell who signs in from where. The key is derived (HKDF) from the Stytch project secret,
 * which every replica has and Redis never holds; without one (the in-memory store, whose keys never leave the
 * process) a random key per process serves the same.
 */
export function keyedHash(secret: string | null): KeyHash {
  const key = secret
    ? Buffer.from(hkdfSync("sha256", secret, "bff-store-keys", "throttle key hmac v1", 32))
    : randomBytes(32);
  return (text) => createHmac("sha256", key).update(text).digest("base64url").slice(0, 22);
}

/** Per-caller limits of a caller known only by its token (see callerKey): nothing yet says it is genuine. */
export const UNPROVEN_CALLER_PREFIX = "token:";

export const memberKey = ({ organizationId, memberId }: MemberKey): string => `${organizationId}/${memberId}`;

export const keys = {
  stepAttempts: (stepHash: string) => `mfa:step:${stepHash}:attempts`,
  memberWrongCodes: (member: string) => `mfa:member:${member}:wrong`,
  clientAttempts: (client: string) => `mfa:client:${client}:attempts`,
  stepSms: (stepHash: string) => `sms:step:${stepHash}:sent`,
  stepSmsSpacing: (stepHash: string) => `sms:step:${stepHash}:spacing`,
  memberSms: (member: string) => `sms:member:${member}`,
  clientSms: (client: string) => `sms:client:${client}`,
  callerSmsExchanges: (caller: string) => `sms:caller:${caller}:exchanges`,
  /** Whether a caller's exchanges into an organization (as the caller names it) make Stytch text. */
  exchangeTexts: (caller: string, organization: string) => `sms:caller:${caller}:org:${organization}`,
  addressEmails: (addressHash: string) => `email:address:${addressHash}:sent`,
  addressEmailSpacing: (addressHash: string) => `email:address:${addressHash}:spacing`,
  clientEmails: (client: string) => `email:client:${client}:sent`,
  addressWrongCodes: (addressHash: string) => `email:address:${addressHash}:wrong`,
  clientSignInChecks: (client: string) => `signin:client:${client}:checks`,
};

/**
 * An email address as a key: hashed like a credential (the store need not hold who signs in), and spelled one
 * way for every spelling that reaches the same mailbox: case and Unicode forms folded, the domain in its ASCII
 * (punycode) form without trailing dots (whichever dot Unicode spells them with), a quoted local part
 * unquoted (quoted pairs too). Plus-tags stay apart: whether
 * `a+x@` reaches `a@` is up to each mail provider.
 */
export function hashAddress(emailAddress: string, hash: KeyHash = hashCredential): string {
  const folded = emailAddress.normalize("NFKC").trim().toLowerCase();
  const at = folded.lastIndexOf("@");
  const local = folded
    .slice(0, at)
    .replace(/^"(.*)"$/, (_, quoted: string) => quoted.replace(/\\(.)/g, "$1"));
  const domain = folded.slice(at + 1);
  return hash(`${local}@${(domainToASCII(domain) || domain).replace(/\.+$/, "")}`);
}
