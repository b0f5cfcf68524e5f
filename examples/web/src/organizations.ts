import type { ExchangeStep, SwitchableOrganizationFieldsFragment } from "../../../client/generated/graphql";
import { h } from "./dom";
import { actionButton } from "./form";

/** What entering the organization will ask for: the list says so before the user clicks. */
const NEXT_STEP: Record<ExchangeStep, string> = {
  AUTHENTICATED: "opens at once",
  MFA_REQUIRED: "asks for a second factor",
  PRIMARY_AUTH_REQUIRED: "asks you to sign in again (e.g. SSO)",
};

/** The organizations one can enter (after sign-in) or switch to (when signed in), each with its next step. */
export function organizationList(
  entries: readonly SwitchableOrganizationFieldsFragment[],
  actionLabel: string,
  choose: (orgId: string) => Promise<void>,
): HTMLUListElement {
  const rows = entries.map(({ organization, nextStep, isCurrent }) =>
    h(
      "li",
      { dataset: { org: organization.slug, nextStep } },
      h("strong", {}, organization.name),
      " ",
      h("span", { className: "next-step" }, isCurrent ? "current" : (NEXT_STEP[nextStep] ?? nextStep)),
      !isCurrent && actionButton(actionLabel, () => choose(organization.id), `enter-${organization.slug}`),
    ),
  );
  return h("ul", { className: "organizations" }, ...rows);
}
