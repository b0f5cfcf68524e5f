import { generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

import { StytchApiError } from "./errors";
import { testId } from "./ids";

// RS256 session JWTs signed with node:crypto. The key pair is generated once per emulator instance
// (about 50-100 ms for 2048 bits) and survives reset(), so JWKS caches in clients stay valid.

export interface Jwk {
  kty: string;
  use: string;
  key_ops: string[];
  alg: string;
  kid: string;
  x5c: string[];
  x5tS256: string;
  n: string;
  e: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Jwk;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = testId("jwk");
  const exported = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  return {
    kid,
    privateKey,
    publicKey,
    // Stytch serves x5c/x5tS256 too; the emulator has no certificate, so they are empty (the SDK's jose
    // only uses n/e/kid/alg).
    jwk: {
      kty: "RSA",
      use: "sig",
      key_ops: ["verify"],
      alg: "RS256",
      kid,
      x5c: [],
      x5tS256: "",
      n: exported.n,
      e: exported.e,
    },
  };
}

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const input = `${encodeJson({ alg: "RS256", typ: "JWT", kid: key.kid })}.${encodeJson(payload)}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input), key.privateKey).toString("base64url")}`;
}

const unparsable = () =>
  new StytchApiError(400, "unable_to_parse_session_jwt", "The session JWT could not be parsed or verified.");

/**
 * Verifies signature, issuer and audience, but deliberately not `exp`: Stytch accepts an expired JWT of a
 * still-live session (and returns a fresh one); whether the session is live is the caller's check.
 */
export function verifyJwt(key: SigningKey, token: string, projectId: string): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw unparsable();
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw unparsable();
  }
  if (header.alg !== "RS256" || header.kid !== key.kid) throw unparsable();
  const ok = verify(
    "RSA-SHA256",
    Buffer.from(`${parts[0]}.${parts[1]}`),
    key.publicKey,
    Buffer.from(parts[2], "base64url"),
  );
  if (!ok) throw unparsable();
  if (payload.iss !== `stytch.com/${projectId}`) {
    throw new StytchApiError(400, "jwt_invalid_issuer", "The session JWT has an invalid issuer.");
  }
  const aud = payload.aud;
  if (!(Array.isArray(aud) ? aud.includes(projectId) : aud === projectId)) {
    throw new StytchApiError(400, "jwt_invalid_audience", "The session JWT has an invalid audience.");
  }
  return payload;
}
