import { rfc3339 } from "./clock";
import type { EmulatorContext } from "./context";
import { StytchApiError } from "./errors";
import { outboxKey, type EmailOtpRecord, type MagicLinkRecord } from "./store";
import { isEmailAddress } from "./validate";

// What the emulator "sent" instead of emails, for tests and the control API: the last email code and the
// last magic link per address, for discovery sends (no organization) and per organization. Kept after use
// or expiry. Also the SSO preset: who the identity provider signs in next through a connection.

export interface EmailOtpMessage {
  emailAddress: string;
  /** null for a discovery send. */
  organizationId: string | null;
  code: string;
  locale: string;
  sentAt: string;
  expiresAt: string;
}

export interface MagicLinkMessage {
  emailAddress: string;
  /** null for a discovery link. */
  organizationId: string | null;
  memberId: string | null;
  token: string;
  /** The link the email would carry: redirect URL + `stytch_token_type` + `token`. */
  url: string;
  locale: string;
  sentAt: string;
  expiresAt: string;
}

/** `organization` (id, slug or external id) picks an organization's send; omitted, the discovery send. */
export function lastEmailOtp(ctx: EmulatorContext, emailAddress: string, organization?: string) {
  const record = lastSent(ctx, ctx.store.lastEmailOtps, emailAddress, organization);
  return record && emailOtpMessage(record);
}

export function lastMagicLink(ctx: EmulatorContext, emailAddress: string, organization?: string) {
  const record = lastSent(ctx, ctx.store.lastMagicLinks, emailAddress, organization);
  return record && magicLinkMessage(record);
}

function lastSent<T>(
  ctx: EmulatorContext,
  sent: Map<string, T>,
  emailAddress: string,
  organization: string | undefined,
): T | undefined {
  if (organization === undefined) return sent.get(outboxKey(emailAddress, undefined));
  const org = ctx.store.resolveOrganization(organization);
  return org && sent.get(outboxKey(emailAddress, org.organization_id));
}

/** The next GET /v1/public/sso/start through `connectionId` signs `emailAddress` in without a page. */
export function setNextSsoSignIn(ctx: EmulatorContext, opts: { connectionId: string; emailAddress: string }) {
  if (!ctx.store.ssoConnection(opts.connectionId)) {
    throw new StytchApiError(404, "sso_connection_not_found", "The SSO connection could not be found.");
  }
  if (!isEmailAddress(opts.emailAddress)) {
    throw new StytchApiError(400, "bad_request", "email_address is not a valid email address.");
  }
  ctx.store.nextSsoSignIns.set(opts.connectionId, opts.emailAddress);
}

function emailOtpMessage(r: EmailOtpRecord): EmailOtpMessage {
  return {
    emailAddress: r.emailAddress,
    organizationId: r.organizationId ?? null,
    code: r.code,
    locale: r.locale,
    sentAt: rfc3339(r.sentAt),
    expiresAt: rfc3339(r.expiresAt),
  };
}

function magicLinkMessage(r: MagicLinkRecord): MagicLinkMessage {
  return {
    emailAddress: r.emailAddress,
    organizationId: r.organizationId ?? null,
    memberId: r.memberId ?? null,
    token: r.token,
    url: r.url,
    locale: r.locale,
    sentAt: rfc3339(r.sentAt),
    expiresAt: rfc3339(r.expiresAt),
  };
}
