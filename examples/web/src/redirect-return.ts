import {
  CompletePrimaryAuthWithLinkDocument,
  CompleteSsoDocument,
  SignInWithLinkDocument,
} from "../../../client/generated/graphql";
import { showOrganizationChoice } from "./choose-organization";
import { client } from "./client";
import { showOutcome } from "./outcome";
import { rememberSignIn } from "./pending-sign-in";

/** Links and SSO return to this page (SIGN_IN_REDIRECT_URL, SSO_REDIRECT_URL) with `?stytch_token_type=…&token=…`. */
export interface RedirectReturn {
  type: string;
  token: string;
}

/**
 * The token this page was opened with, if any, taken out of the address bar at once: a reload or a bookmark
 * must not hand a used token to the API again, and it should not linger in the history.
 */
export function takeRedirectReturn(): RedirectReturn | null {
  const url = new URL(window.location.href);
  const type = url.searchParams.get("stytch_token_type");
  const token = url.searchParams.get("token");
  if (!type || !token) return null;
  url.searchParams.delete("stytch_token_type");
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url.href);
  return { type, token };
}

/**
 * Hands the token to the mutation its type names. No verifier or pending step is passed: the BFF reads its
 * HttpOnly PKCE verifier and intermediate-session cookies. Answers false for a type this page does not know.
 */
export async function finishRedirectReturn({ type, token }: RedirectReturn): Promise<boolean> {
  const variables = { token };
  if (type === "sso") {
    const { data } = await client.mutate({ mutation: CompleteSsoDocument, variables });
    showOutcome(data!.completeSso);
  } else if (type === "multi_tenant_magic_links") {
    const { data } = await client.mutate({ mutation: CompletePrimaryAuthWithLinkDocument, variables });
    showOutcome(data!.completePrimaryAuthWithLink);
  } else if (type === "discovery") {
    const { data } = await client.mutate({ mutation: SignInWithLinkDocument, variables });
    showOrganizationChoice(rememberSignIn(data!.signInWithLink));
  } else {
    return false;
  }
  return true;
}
