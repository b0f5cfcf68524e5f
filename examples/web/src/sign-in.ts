import {
  EnterOrganizationDocument,
  SendSignInCodeDocument,
  SignInWithCodeDocument,
} from "../../../client/generated/graphql";
import { client } from "./client";
import { h, labelled, render } from "./dom";
import { actionForm } from "./form";
import { organizationList } from "./organizations";
import { showOutcome } from "./outcome";

/** Step 1: an email address. The BFF asks Stytch to email a one-time code (answering true either way). */
export function showSignIn(): void {
  const email = h("input", { name: "email", type: "email", required: true, autocomplete: "email" });
  render(
    h("h2", {}, "Sign in"),
    actionForm("send-code", [labelled("Email", email)], "Email me a code", async () => {
      await client.mutate({ mutation: SendSignInCodeDocument, variables: { email: email.value } });
      showCodeForm(email.value);
    }),
  );
}

/** Step 2: the code. The answer lists the person's organizations; the pending sign-in is an HttpOnly cookie. */
function showCodeForm(email: string): void {
  const code = h("input", {
    name: "code",
    required: true,
    inputMode: "numeric",
    autocomplete: "one-time-code",
  });
  render(
    h("h2", {}, "Check your email"),
    h("p", {}, `Enter the code sent to ${email}.`),
    actionForm("sign-in", [labelled("Code", code)], "Sign in", async () => {
      const { data } = await client.mutate({
        mutation: SignInWithCodeDocument,
        variables: { email, code: code.value },
      });
      render(
        h("h2", {}, "Choose an organization"),
        organizationList(data!.signInWithCode.organizations, "Enter", enterOrganization),
      );
    }),
  );
}

/** Step 3: enter one. No token argument: the BFF reads the pending sign-in from its cookie. */
async function enterOrganization(orgId: string): Promise<void> {
  const { data } = await client.mutate({ mutation: EnterOrganizationDocument, variables: { orgId } });
  showOutcome(data!.enterOrganization);
}
