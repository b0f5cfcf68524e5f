import type { ExchangeResultFragment } from "../../../client/generated/graphql";

type MfaChallenge = Extract<ExchangeResultFragment, { __typename: "MfaChallenge" }>;

/**
 * A second factor asked for and not yet given. The step itself is the BFF's HttpOnly cookie; this keeps what
 * the page showed (organization, member, methods, masked phone), so a reload shows the challenge again instead
 * of dropping the member back where they were. sessionStorage: this tab only. Never a token.
 */
const KEY = "pending-mfa";

export function rememberMfa(challenge: MfaChallenge): void {
  // Null for browsers already (tokens stay in cookies); left out all the same.
  const shown: MfaChallenge = { ...challenge, intermediateSessionToken: null };
  sessionStorage.setItem(KEY, JSON.stringify(shown));
}

/** The stored challenge while its step has not expired (the cookie ends then too); otherwise nothing. */
export function pendingMfa(): MfaChallenge | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as MfaChallenge | null;
    if (stored?.__typename === "MfaChallenge" && Date.parse(stored.expiresAt) > Date.now()) return stored;
  } catch {
    // Unreadable (edited by hand, an older shape): as good as none.
  }
  forgetMfa();
  return null;
}

export function forgetMfa(): void {
  sessionStorage.removeItem(KEY);
}
