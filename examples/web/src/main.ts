import { ViewerDocument } from "../../../client/generated/graphql";
import { client } from "./client";
import { showError } from "./dom";
import { showHome } from "./home";
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
    if (data?.viewer) await showHome(data.viewer);
    else showSignIn();
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error), "NETWORK_ERROR");
  }
}

onSessionChanged(() => void showStart());
void showStart();
