import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import { randomToken, testId } from "./ids";
import { withToken } from "./redirect-urls";
import type { SsoFlowRecord, SsoTokenRecord } from "./store";

// The SSO round trip with a stand-in identity provider: GET /v1/public/sso/start opens a flow, the
// identity provider (a form page of the emulator, or a control-API preset) names the person who signed in,
// and the browser goes back to the app's redirect URL with an SSO token for POST /v1/b2b/sso/authenticate.
// Stytch does not document how long a flow or an SSO token lives; both are given 10 minutes here.

export const SSO_FLOW_LIFETIME_MINUTES = 10;
export const SSO_TOKEN_LIFETIME_MINUTES = 10;

export function startSsoFlow(ctx: EmulatorContext, flow: Omit<SsoFlowRecord, "id" | "expiresAt">) {
  const record: SsoFlowRecord = {
    ...flow,
    id: testId("sso-flow"),
    expiresAt: ctx.clock() + SSO_FLOW_LIFETIME_MINUTES * MINUTE_MS,
  };
  ctx.store.ssoFlows.set(record.id, record);
  return record;
}

export function findSsoFlow(ctx: EmulatorContext, id: string): SsoFlowRecord | undefined {
  const record = ctx.store.ssoFlows.get(id);
  return record && record.expiresAt > ctx.clock() ? record : undefined;
}

/**
 * The identity provider signed `emailAddress` in: the flow ends, an SSO token is minted, and the answer is
 * where the browser goes next — the login redirect URL for an existing member of the organization, the
 * signup one otherwise (Stytch's rule; the emulator does not JIT-provision, so that token then meets
 * `member_not_found`).
 */
export function finishSsoFlow(ctx: EmulatorContext, flow: SsoFlowRecord, emailAddress: string): string {
  ctx.store.ssoFlows.delete(flow.id);
  const token: SsoTokenRecord = {
    token: randomToken(),
    connectionId: flow.connectionId,
    organizationId: flow.organizationId,
    emailAddress,
    pkceCodeChallenge: flow.pkceCodeChallenge,
    expiresAt: ctx.clock() + SSO_TOKEN_LIFETIME_MINUTES * MINUTE_MS,
  };
  ctx.store.ssoTokens.set(token.token, token);
  const isMember = ctx.store.memberOfPersonIn(emailAddress, flow.organizationId) !== undefined;
  return withToken(isMember ? flow.loginRedirectUrl : flow.signupRedirectUrl, "sso", token.token);
}

/** Looking does not use the token up, so checks that can still fail run before `consumeSsoToken`. */
export function findSsoToken(ctx: EmulatorContext, token: string): SsoTokenRecord | undefined {
  const record = ctx.store.ssoTokens.get(token);
  return record && record.expiresAt > ctx.clock() ? record : undefined;
}

export function consumeSsoToken(ctx: EmulatorContext, record: SsoTokenRecord): void {
  ctx.store.ssoTokens.delete(record.token);
}

/** The control-API preset for a connection, taken (once) by the next start through it. */
export function takeNextSsoSignIn(ctx: EmulatorContext, connectionId: string): string | undefined {
  const email = ctx.store.nextSsoSignIns.get(connectionId);
  ctx.store.nextSsoSignIns.delete(connectionId);
  return email;
}
