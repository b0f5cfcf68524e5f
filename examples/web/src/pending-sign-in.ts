import type {
  SignInResultFragment,
  SwitchableOrganizationFieldsFragment,
} from "../../../client/generated/graphql";

/**
 * A sign-in proven by email but no organization entered yet. The proof itself is the BFF's HttpOnly cookie; this
 * keeps only what the page showed (who, which organizations, until when), so a reload can show it again instead
 * of sending the person back for a new code. sessionStorage: this tab only, gone when it closes. Never a token.
 */
export interface PendingSignIn {
  email: string;
  expiresAt: string;
  organizations: SwitchableOrganizationFieldsFragment[];
}

const KEY = "pending-sign-in";

/** Stores the display data of a SignIn answer (its intermediateSessionToken, null for browsers, is left out). */
export function rememberSignIn({ email, expiresAt, organizations }: SignInResultFragment): PendingSignIn {
  const pending: PendingSignIn = { email, expiresAt, organizations };
  sessionStorage.setItem(KEY, JSON.stringify(pending));
  return pending;
}

/** The stored sign-in while it has not expired (the cookie ends then too); otherwise nothing, and it is dropped. */
export function pendingSignIn(): PendingSignIn | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as PendingSignIn | null;
    if (stored && Date.parse(stored.expiresAt) > Date.now()) return stored;
  } catch {
    // Unreadable (edited by hand, an older shape): as good as none.
  }
  forgetSignIn();
  return null;
}

export function forgetSignIn(): void {
  sessionStorage.removeItem(KEY);
}
