import { randomInt } from "node:crypto";

import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import { outboxKey, type EmailOtpRecord } from "./store";

// Email one-time passcodes, for discovery and for one organization. Nothing is mailed: the last code per
// address and scope is kept for the control API. Stytch: "Only the most recently sent OTP is valid: when an
// OTP is sent, all OTPs previously sent to the same email address are invalidated" — so one valid code per
// address, whichever kind of send made it.

/** `*_expiration_minutes` of email OTP sends: default 10, 2..15 (Stytch's documented bounds). */
export const EMAIL_OTP_MINUTES = { min: 2, max: 15, fallback: 10, errorType: "invalid_expiration_otp" };

export function sendEmailOtp(
  ctx: EmulatorContext,
  opts: { emailAddress: string; organizationId: string | undefined; locale?: string; minutes: number },
): EmailOtpRecord {
  const now = ctx.clock();
  const record: EmailOtpRecord = {
    emailAddress: opts.emailAddress,
    organizationId: opts.organizationId,
    code: randomInt(0, 1_000_000).toString().padStart(6, "0"),
    locale: opts.locale ?? "en",
    sentAt: now,
    expiresAt: now + opts.minutes * MINUTE_MS,
  };
  ctx.store.emailOtps.set(opts.emailAddress.toLowerCase(), record);
  ctx.store.lastEmailOtps.set(outboxKey(opts.emailAddress, opts.organizationId), record);
  return record;
}

/**
 * Uses up the address's current code when it matches, is unexpired and was sent for the same scope (a
 * discovery code does not log in to an organization, nor the reverse). A wrong code leaves it valid.
 */
export function consumeEmailOtp(
  ctx: EmulatorContext,
  opts: { emailAddress: string; organizationId: string | undefined; code: string },
): EmailOtpRecord | undefined {
  const key = opts.emailAddress.toLowerCase();
  const record = ctx.store.emailOtps.get(key);
  if (!record || record.organizationId !== opts.organizationId) return undefined;
  if (record.expiresAt <= ctx.clock() || record.code !== opts.code) return undefined;
  ctx.store.emailOtps.delete(key);
  return record;
}
