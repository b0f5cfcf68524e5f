import { rfc3339 } from "../clock";
import type { EmulatorContext } from "../context";
import { errors, StytchApiError } from "../errors";
import { ssoFactorFor, ssoProtocolOf } from "../factors";
import { testId } from "../ids";
import { verifyPkce } from "../pkce";
import { redirectUrl } from "../redirect-urls";
import { IDP_PATH_PREFIX } from "../sso-idp";
import {
  consumeSsoToken,
  findSsoToken,
  finishSsoFlow,
  startSsoFlow,
  takeNextSsoSignIn,
} from "../sso-sign-in";
import type { MemberRecord } from "../store";
import { optionalString, requiredString, type Body } from "../validate";
import { assertAuthMethodAllowed } from "./email-login";
import { assertIstFits, completePrimaryAuth, parsePrimaryRequest } from "./primary-auth";
import { Redirect, type Handler } from "./route";

// SSO with a stand-in identity provider (see sso-sign-in.ts). Statuses of the SSO-specific errors are not
// documented by Stytch and were chosen (README).

// GET /v1/public/sso/start?connection_id=|organization_id=&public_token=&login_redirect_url=&… — the
// browser-facing start: 302 to the identity provider, which here is the emulator's form page, or straight
// back to the app when the control API preset who signs in next through this connection.
export const startSso: Handler = (ctx, { query }) => {
  const params: Body = Object.fromEntries(query);
  checkPublicToken(ctx, optionalString(params, "public_token"));
  const { organizationId, connectionId } = ssoConnectionOf(ctx, params);
  const flow = startSsoFlow(ctx, {
    connectionId,
    organizationId,
    loginRedirectUrl: redirectUrl(params, "login_redirect_url"),
    signupRedirectUrl: redirectUrl(params, "signup_redirect_url"),
    pkceCodeChallenge: optionalString(params, "pkce_code_challenge"),
  });
  const preset = takeNextSsoSignIn(ctx, connectionId);
  if (preset !== undefined) return new Redirect(finishSsoFlow(ctx, flow, preset));
  return new Redirect(`${IDP_PATH_PREFIX}/${encodeURIComponent(flow.id)}`);
};

function checkPublicToken(ctx: EmulatorContext, token: string | undefined): void {
  if (token === undefined)
    throw new StytchApiError(400, "public_token_required", "public_token is required.");
  if (token !== ctx.publicToken) {
    throw new StytchApiError(404, "public_token_not_found", "The public token could not be found.");
  }
}

/** Exactly one of connection_id / organization_id (whose default connection is used); SSO allowed there. */
function ssoConnectionOf(ctx: EmulatorContext, params: Body) {
  const connectionId = optionalString(params, "connection_id");
  const organizationId = optionalString(params, "organization_id");
  if ((connectionId === undefined) === (organizationId === undefined)) {
    const type =
      connectionId === undefined ? "missing_sso_connection_locator" : "too_many_sso_connection_locators";
    throw new StytchApiError(400, type, "Exactly one of connection_id or organization_id is required.");
  }
  const org = organizationId !== undefined ? ctx.store.resolveOrganization(organizationId) : undefined;
  if (organizationId !== undefined && !org) throw errors.organizationNotFound();
  const id = connectionId ?? org?.sso_default_connection_id ?? "";
  const found = ctx.store.ssoConnection(id);
  if (!found || (org && found.organization.organization_id !== org.organization_id)) {
    throw new StytchApiError(404, "sso_connection_not_found", "The SSO connection could not be found.");
  }
  assertAuthMethodAllowed(found.organization, "sso");
  return { organizationId: found.organization.organization_id, connectionId: id };
}

// POST /v1/b2b/sso/authenticate: the organization's answer (session, or mfa_required) for the person the
// identity provider signed in; with an IST (e.g. from a primary_required exchange) the SSO factor joins it.
export const authenticateSso: Handler = (ctx, { body }) => {
  const token = findSsoToken(ctx, requiredString(body, "sso_token"));
  if (!token) throw new StytchApiError(404, "sso_token_not_found", "The SSO token could not be found.");
  const org = ctx.store.requireOrganization(token.organizationId);
  assertAuthMethodAllowed(org, "sso");
  const record = ctx.store.memberOfPersonIn(token.emailAddress, org.organization_id);
  if (!record) throw errors.memberNotFound();
  verifyPkce(token.pkceCodeChallenge, optionalString(body, "pkce_code_verifier"));
  const request = parsePrimaryRequest(ctx, body);
  assertIstFits(request.via, org, record);
  consumeSsoToken(ctx, token);
  registerSsoIdentity(ctx, record, token.connectionId);
  const factor = ssoFactorFor(record.member, token.connectionId, rfc3339(ctx.clock()));
  return { reset_session: false, ...completePrimaryAuth(ctx, { org, record, factor, request }) };
};

/** A first sign-in through a connection leaves an SSO registration on the member, as Stytch records one. */
function registerSsoIdentity(ctx: EmulatorContext, record: MemberRecord, connectionId: string): void {
  const member = record.member;
  if (member.sso_registrations.some((r) => r.connection_id === connectionId)) return;
  member.sso_registrations.push({
    connection_id: connectionId,
    external_id: member.email_address,
    registration_id: testId(
      `${ssoProtocolOf(connectionId)}-registration`,
      `${member.member_id}:${connectionId}`,
    ),
    sso_attributes: {},
  });
  member.updated_at = rfc3339(ctx.clock());
}
