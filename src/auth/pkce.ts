import { createHash, randomBytes } from "node:crypto";

/**
 * RFC 7636 (S256): a random verifier kept by the browser that starts a sign-in (an HttpOnly cookie), and the
 * challenge Stytch binds the link or SSO token to. Only that browser can then use the token: a link or SSO
 * return URL minted for someone else's account cannot sign a victim's browser in as them.
 */
export function newPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
