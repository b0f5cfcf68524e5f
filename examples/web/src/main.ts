import { ViewerDocument } from "../../../client/generated/graphql";
import { showOrganizationChoice } from "./choose-organization";
import { client } from "./client";
import { showFailure } from "./errors";
import { showHome } from "./home";
import { showMfa } from "./mfa";
import { pendingMfa } from "./pending-mfa";
import { forgetSignIn, pendingSignIn } from "./pending-sign-in";
import { finishRedirectReturn, takeRedirectReturn } from "./redirect-return";
import { onSessionChanged } from "./session-events";
import { showSignIn } from "./sign-in";

/**
 * Who is signed in? Only the BFF can tell: the session is in HttpOnly cookies, which this page cannot read.
 * That holds however the cookie got there: through this app's sign-in, or written as `stytch_session` by
 * Stytch's own login UI on this site, when the BFF uses Stytch's cookie names (it rewrites it as HttpOnly).
 */
async function showStart(): Promise<void> {
  try {
    const { data } = await client.query({ query: ViewerDocument, fetchPolicy: "network-only" });
    // A second factor asked for before a reload: its step is still in the BFF's cookie, so ask for it again.
    const mfa = pendingMfa();
    if (mfa) return showMfa(mfa);
    if (data?.viewer) {
      // Signed in: a sign-in still pending in this tab was finished (or replaced) one way or another.
      forgetSignIn();
      return await showHome(data.viewer);
    }
    const pending = pendingSignIn();
    if (pending) showOrganizationChoice(pending);
    else showSignIn();
  } catch (error) {
    showFailure(error);
  }
}

/** A page opened by a sign-in link or an SSO return finishes that first; a failed one shows why on the start. */
async function start(): Promise<void> {
  const returned = takeRedirectReturn();
  if (!returned) return showStart();
  try {
    if (await finishRedirectReturn(returned)) return;
  } catch (error) {
    await showStart();
    return showFailure(error);
  }
  await showStart();
}

onSessionChanged(() => void showStart());
void start();
