import {
  SignOutDocument,
  SwitchableOrganizationsDocument,
  SwitchOrganizationDocument,
  type ViewerQuery,
} from "../../../client/generated/graphql";
import { client } from "./client";
import { h, render } from "./dom";
import { actionButton } from "./form";
import { organizationList } from "./organizations";
import { showOutcome } from "./outcome";
import { forgetMfa } from "./pending-mfa";
import { forgetSignIn } from "./pending-sign-in";
import { sessionChanged } from "./session-events";

type Viewer = NonNullable<ViewerQuery["viewer"]>;

/** Signed in: who and where, the organizations to switch to (each with its next step), and sign-out. */
export async function showHome({ member, organization }: Viewer): Promise<void> {
  const { data } = await client.query({
    query: SwitchableOrganizationsDocument,
    fetchPolicy: "network-only",
  });
  render(
    h(
      "p",
      { id: "viewer", dataset: { org: organization.slug } },
      `Signed in as ${member.name} (${member.email}) in `,
      h("strong", {}, organization.name),
    ),
    h("h2", {}, "Switch organization"),
    organizationList(data?.viewer?.organizations ?? [], "Switch", switchTo),
    actionButton("Sign out", signOut, "sign-out"),
  );
}

// #region switch-and-sign-out
/** exchangeSession: the BFF rotates the session cookies, or keeps a pending MFA / sign-in step in a cookie. */
async function switchTo(orgId: string): Promise<void> {
  const { data } = await client.mutate({ mutation: SwitchOrganizationDocument, variables: { orgId } });
  showOutcome(data!.exchangeSession);
}

/** The BFF revokes the session and clears the cookies; the cache (and this tab's storage) must forget it too. */
async function signOut(): Promise<void> {
  await client.mutate({ mutation: SignOutDocument });
  await client.clearStore();
  forgetSignIn();
  forgetMfa();
  sessionChanged();
}
// #endregion switch-and-sign-out
