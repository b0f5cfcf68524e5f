import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import { randomToken } from "./ids";
import { withToken } from "./redirect-urls";
import { outboxKey, type MagicLinkRecord } from "./store";

// Email magic links, for discovery and for one organization. Nothing is mailed: the link (redirect URL +
// token) is kept for the control API. Each link works once and until it expires; unlike email codes, a new
// send does not void earlier links (Stytch documents that rule for OTPs only).

/** `*_expiration_minutes` of magic-link sends: default 60, 5..10080 (Stytch's documented bounds). */
export const MAGIC_LINK_MINUTES = { min: 5, max: 10_080, fallback: 60, errorType: "invalid_expiration" };

export interface MagicLinkSend {
  emailAddress: string;
  /** Both undefined for a discovery link. */
  organizationId: string | undefined;
  memberId: string | undefined;
  redirectUrl: string;
  pkceCodeChallenge: string | undefined;
  locale: string | undefined;
  minutes: number;
}

export function sendMagicLink(ctx: EmulatorContext, send: MagicLinkSend): MagicLinkRecord {
  const now = ctx.clock();
  const token = randomToken();
  const tokenType = send.organizationId === undefined ? "discovery" : "multi_tenant_magic_links";
  const record: MagicLinkRecord = {
    token,
    emailAddress: send.emailAddress,
    organizationId: send.organizationId,
    memberId: send.memberId,
    url: withToken(send.redirectUrl, tokenType, token),
    pkceCodeChallenge: send.pkceCodeChallenge,
    locale: send.locale ?? "en",
    sentAt: now,
    expiresAt: now + send.minutes * MINUTE_MS,
  };
  ctx.store.magicLinks.set(token, record);
  ctx.store.lastMagicLinks.set(outboxKey(send.emailAddress, send.organizationId), record);
  return record;
}

/**
 * The unexpired, unused link of that kind (a discovery token is not an organization login token, nor the
 * reverse). Looking does not use it up, so checks that can still fail run before `consumeMagicLink`.
 */
export function findMagicLink(
  ctx: EmulatorContext,
  token: string,
  kind: "discovery" | "organization",
): MagicLinkRecord | undefined {
  const record = ctx.store.magicLinks.get(token);
  if (!record || record.expiresAt <= ctx.clock()) return undefined;
  return (record.organizationId === undefined) === (kind === "discovery") ? record : undefined;
}

export function consumeMagicLink(ctx: EmulatorContext, record: MagicLinkRecord): void {
  ctx.store.magicLinks.delete(record.token);
}
