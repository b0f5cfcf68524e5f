import { createHash } from "node:crypto";

import { StytchApiError } from "./errors";

// PKCE (RFC 7636, S256) for magic links and SSO: a send/start may carry `pkce_code_challenge`, and then the
// authenticate call must carry the matching `pkce_code_verifier` (and must not carry one otherwise).

export const pkceChallengeOf = (verifier: string) =>
  createHash("sha256").update(verifier).digest("base64url");

/** Checked before the token is used up, so a wrong verifier does not burn the token. */
export function verifyPkce(challenge: string | undefined, verifier: string | undefined): void {
  if (challenge === undefined && verifier === undefined) return;
  if (challenge === undefined) {
    throw new StytchApiError(
      400,
      "pkce_did_not_expect_code_verifier",
      "A pkce_code_verifier was given, but the flow was started without a pkce_code_challenge.",
    );
  }
  if (verifier === undefined) {
    throw new StytchApiError(
      400,
      "pkce_expected_code_verifier",
      "The flow was started with a pkce_code_challenge: pkce_code_verifier is required.",
    );
  }
  if (pkceChallengeOf(verifier) !== challenge) {
    throw new StytchApiError(400, "pkce_mismatch", "The pkce_code_verifier does not match the challenge.");
  }
}
