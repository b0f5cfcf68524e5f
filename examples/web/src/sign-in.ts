import { SendSignInCodeDocument, SignInWithCodeDocument } from "../../../client/generated/graphql";
import { showOrganizationChoice } from "./choose-organization";
import { client } from "./client";
import { h, labelled, render } from "./dom";
import { actionButton, actionForm } from "./form";
import { rememberSignIn } from "./pending-sign-in";

/** Step 1: an email address. The BFF asks Stytch to email a one-time code (answering true either way). */
export function showSignIn(): void {
  const email = emailInput();
  render(
    h("h2", {}, "Sign in"),
    actionForm("send-code", [labelled("Email", email)], "Email me a code", async () => {
      await client.mutate({ mutation: SendSignInCodeDocument, variables: { email: email.value } });
      showCodeForm(email.value);
    }),
    // A code already in the inbox (say the page was reloaded on step 2): asking for another would only wait
    // out the 30 s between emails, and the new one would replace it.
    actionButton("I already have a code", async () => showCodeForm(null), "have-code"),
  );
}

/** Step 2: the code (and the address, unless step 1 was on this page). The pending sign-in becomes a cookie. */
function showCodeForm(sentTo: string | null): void {
  const email = emailInput(sentTo ?? "");
  const code = h("input", {
    name: "code",
    required: true,
    inputMode: "numeric",
    autocomplete: "one-time-code",
  });
  const fields = sentTo ? [labelled("Code", code)] : [labelled("Email", email), labelled("Code", code)];
  render(
    h("h2", {}, "Check your email"),
    sentTo ? h("p", {}, `Enter the code sent to ${sentTo}.`) : h("p", {}, "Enter your address and its code."),
    actionForm("sign-in", fields, "Sign in", async () => {
      const { data } = await client.mutate({
        mutation: SignInWithCodeDocument,
        variables: { email: email.value, code: code.value },
      });
      showOrganizationChoice(rememberSignIn(data!.signInWithCode));
    }),
    actionButton("Back", async () => showSignIn(), "back-to-email"),
  );
}

function emailInput(value = ""): HTMLInputElement {
  return h("input", { name: "email", type: "email", required: true, autocomplete: "email", value });
}
