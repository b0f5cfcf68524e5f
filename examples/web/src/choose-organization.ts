import { EnterOrganizationDocument } from "../../../client/generated/graphql";
import { client } from "./client";
import { h, render, showError } from "./dom";
import { describeFailure } from "./errors";
import { actionButton } from "./form";
import { organizationList } from "./organizations";
import { showOutcome } from "./outcome";
import { forgetSignIn, type PendingSignIn } from "./pending-sign-in";
import { showSignIn } from "./sign-in";

/** Step 3: the organizations the email proved access to, each with its next step (also after a reload). */
export function showOrganizationChoice(pending: PendingSignIn): void {
  const until = new Date(pending.expiresAt).toLocaleTimeString();
  render(
    h("h2", {}, "Choose an organization"),
    h("p", { className: "hint" }, `Signed in as ${pending.email}; choose before ${until}.`),
    organizationList(pending.organizations, "Enter", enterOrganization),
    actionButton("Start over", async () => startOver(), "start-over"),
  );
}

/** What the BFF answers when the pending sign-in's cookie is missing, expired or already used. */
const SIGN_IN_GONE = new Set(["UNAUTHENTICATED", "SIGN_IN_PROOF_INVALID"]);

/** No token argument: the BFF reads the pending sign-in from its cookie. */
async function enterOrganization(orgId: string): Promise<void> {
  try {
    const { data } = await client.mutate({ mutation: EnterOrganizationDocument, variables: { orgId } });
    showOutcome(data!.enterOrganization);
  } catch (error) {
    const { code } = describeFailure(error);
    if (!SIGN_IN_GONE.has(code)) throw error;
    // The list the page kept is of no use without the cookie: start again, and say why.
    startOver();
    showError(
      "This sign-in has ended (it expired, was used, or its cookie is gone). Please sign in again.",
      code,
    );
  }
}

function startOver(): void {
  forgetSignIn();
  showSignIn();
}
