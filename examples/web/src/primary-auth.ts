import type { ExchangeResultFragment } from "../../../client/generated/graphql";
import { h, render } from "./dom";
import { actionButton } from "./form";
import { sessionChanged } from "./session-events";

type PrimaryAuthRequired = Extract<ExchangeResultFragment, { __typename: "PrimaryAuthRequired" }>;

/**
 * The organization wants its own sign-in first (SSO, a link…). Its SSO start URL is Stytch's page; the identity
 * provider returns to SSO_REDIRECT_URL with a token for `completeSso` (not handled by this example).
 */
export function showPrimaryAuthRequired(required: PrimaryAuthRequired): void {
  const { organization, allowedAuthMethods, ssoConnections } = required;
  const starts = ssoConnections.map(({ startUrl, displayName }) =>
    // No start URL: the BFF offers none for this connection; show its name only.
    h(
      "li",
      {},
      startUrl
        ? h("a", { className: "sso-start", href: startUrl }, `Continue with ${displayName}`)
        : displayName,
    ),
  );
  render(
    h("h2", {}, `${organization.name} asks you to sign in again`),
    h("p", { className: "allowed-methods" }, `Allowed: ${allowedAuthMethods.join(", ")}`),
    h("ul", {}, ...starts),
    actionButton("Back", async () => sessionChanged(), "back"),
  );
}
