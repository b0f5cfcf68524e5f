import type { ExchangeResultFragment } from "../../../client/generated/graphql";
import { showMfa } from "./mfa";
import { forgetMfa } from "./pending-mfa";
import { showPrimaryAuthRequired } from "./primary-auth";
import { sessionChanged } from "./session-events";

/** Every step that can end in a session (enter, switch, MFA) answers one of three outcomes. */
export function showOutcome(outcome: ExchangeResultFragment): void {
  switch (outcome.__typename) {
    case "AuthenticatedSession":
      // The new session is in the rotated HttpOnly cookies; the page only needs to ask viewer again.
      forgetMfa();
      return sessionChanged();
    case "MfaChallenge":
      return showMfa(outcome);
    case "PrimaryAuthRequired":
      forgetMfa();
      return showPrimaryAuthRequired(outcome);
  }
}
