import type { ExchangeResultFragment } from "../../../client/generated/graphql";
import { h, render } from "./dom";
import { actionButton } from "./form";
import { sessionChanged } from "./session-events";

type PrimaryAuthRequired = Extract<ExchangeResultFragment, { __typename: "PrimaryAuthRequired" }>;

/** Stytch's names for the ways to sign in (allowedAuthMethods), as a person would say them. */
const AUTH_METHODS: Record<string, string> = {
  sso: "single sign-on (SSO)",
  magic_link: "an email link",
  email_otp: "an email code",
  password: "a password",
  google_oauth: "Google",
  microsoft_oauth: "Microsoft",
  slack_oauth: "Slack",
  github_oauth: "GitHub",
  hubspot_oauth: "HubSpot",
};

const readable = (method: string) => AUTH_METHODS[method] ?? method.replace(/_/g, " ");

/**
 * The organization wants its own sign-in first (SSO, a link…). Its SSO start URL is Stytch's page; the identity
 * provider returns to SSO_REDIRECT_URL (this page) with a token, which redirect-return.ts hands to `completeSso`.
 */
export function showPrimaryAuthRequired(required: PrimaryAuthRequired): void {
  const { organization, allowedAuthMethods, ssoConnections } = required;
  const starts = ssoConnections.map(({ startUrl, displayName }) =>
    h(
      "li",
      {},
      startUrl
        ? h("a", { className: "sso-start", href: startUrl }, `Continue with ${displayName}`)
        : // No start URL: the BFF has no SSO_REDIRECT_URL to return to; show the connection's name only.
          `${displayName} (no start link: the BFF has no SSO_REDIRECT_URL)`,
    ),
  );
  render(
    h("h2", {}, `${organization.name} asks you to sign in again`),
    h("p", { className: "allowed-methods" }, `It accepts ${allowedAuthMethods.map(readable).join(", ")}.`),
    h("ul", {}, ...starts),
    actionButton("Back", async () => sessionChanged(), "back"),
  );
}
