import { rfc3339 } from "../clock";
import type { EmulatorContext } from "../context";
import { errors, StytchApiError } from "../errors";
import { emailFactor, emailMethodId } from "../factors";
import { consumeMagicLink, findMagicLink, MAGIC_LINK_MINUTES, sendMagicLink } from "../magic-links";
import { verifyPkce } from "../pkce";
import { redirectUrl } from "../redirect-urls";
import { emailAddress, expirationMinutes, locale, optionalString, requiredString } from "../validate";
import { discoveryAuthenticatedFields } from "./discovered-organizations";
import {
  assertAuthMethodAllowed,
  emailLoginTarget,
  expirationFieldFor,
  loginOrSignupFields,
} from "./email-login";
import { assertIstFits, completePrimaryAuth, parsePrimaryRequest } from "./primary-auth";
import type { Handler } from "./route";

// Email magic links: discovery (no organization yet) and organization login. Links live 60 minutes by
// default, work once, and may be bound to the sending device with PKCE.

// Stytch's status for an unknown, used or expired token is not documented; 404, like its other *_not_found.
const magicLinkNotFound = () =>
  new StytchApiError(404, "magic_link_not_found", "The magic link could not be found, was used, or expired.");

// POST /v1/b2b/magic_links/email/discovery/send. The same empty answer whether or not the address has any
// membership, as Stytch does (no account enumeration); the link is kept either way.
export const sendDiscoveryMagicLink: Handler = (ctx, { body }) => {
  const email = emailAddress(body);
  sendMagicLink(ctx, {
    emailAddress: email,
    organizationId: undefined,
    memberId: undefined,
    redirectUrl: redirectUrl(body, "discovery_redirect_url"),
    pkceCodeChallenge: optionalString(body, "pkce_code_challenge"),
    locale: locale(body),
    minutes: expirationMinutes(body, "discovery_expiration_minutes", MAGIC_LINK_MINUTES),
  });
  return {};
};

// POST /v1/b2b/magic_links/discovery/authenticate → a discovery IST and the person's organizations.
export const authenticateDiscoveryMagicLink: Handler = (ctx, { body }) => {
  const link = findMagicLink(ctx, requiredString(body, "discovery_magic_links_token"), "discovery");
  if (!link) throw magicLinkNotFound();
  verifyPkce(link.pkceCodeChallenge, optionalString(body, "pkce_code_verifier"));
  consumeMagicLink(ctx, link);
  const factor = emailFactor("magic_link", link.emailAddress, rfc3339(ctx.clock()));
  return discoveryAuthenticatedFields(ctx, link.emailAddress, factor);
};

// POST /v1/b2b/magic_links/email/login_or_signup: a link for an existing member of an organization that
// allows magic links.
export const sendOrganizationMagicLink: Handler = (ctx, { body }) => {
  const target = emailLoginTarget(ctx, body, "magic_link");
  const active = target.record.member.status === "active";
  sendMagicLink(ctx, {
    emailAddress: target.emailAddress,
    organizationId: target.org.organization_id,
    memberId: target.record.member.member_id,
    redirectUrl: redirectUrl(body, active ? "login_redirect_url" : "signup_redirect_url"),
    pkceCodeChallenge: optionalString(body, "pkce_code_challenge"),
    locale: locale(body),
    minutes: expirationMinutes(body, expirationFieldFor(target.record), MAGIC_LINK_MINUTES),
  });
  return loginOrSignupFields(target);
};

// POST /v1/b2b/magic_links/authenticate: the organization's answer (session, or mfa_required); with an IST
// (e.g. from a primary_required exchange) the magic-link factor joins its factors.
export const authenticateOrganizationMagicLink: Handler = (ctx, { body }) => {
  const link = findMagicLink(ctx, requiredString(body, "magic_links_token"), "organization");
  if (!link) throw magicLinkNotFound();
  const { org, record } = linkTarget(ctx, link.organizationId as string, link.memberId as string);
  verifyPkce(link.pkceCodeChallenge, optionalString(body, "pkce_code_verifier"));
  const request = parsePrimaryRequest(ctx, body);
  assertIstFits(request.via, org, record);
  consumeMagicLink(ctx, link);
  const factor = emailFactor("magic_link", record.member.email_address, rfc3339(ctx.clock()));
  return {
    method_id: emailMethodId(link.emailAddress),
    reset_sessions: false,
    ...completePrimaryAuth(ctx, { org, record, factor, request }),
  };
};

/** The organization and member the link was sent for, still there and still allowing magic links. */
function linkTarget(ctx: EmulatorContext, organizationId: string, memberId: string) {
  const org = ctx.store.requireOrganization(organizationId);
  assertAuthMethodAllowed(org, "magic_link");
  const record = ctx.store.members.get(memberId);
  if (!record || record.member.status === "deleted") throw errors.memberNotFound();
  return { org, record };
}
