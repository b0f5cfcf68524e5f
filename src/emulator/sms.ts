import { randomInt } from "node:crypto";

import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import type { SmsRecord } from "./store";

// SMS one-time passcodes. Nothing is delivered: the last code per member is kept for tests and the
// control API (GET /__emulator/sms/{member_id}). A new send replaces (invalidates) the previous code.

export const SMS_CODE_LIFETIME_MINUTES = 2;

export function sendSmsCode(
  ctx: EmulatorContext,
  opts: { memberId: string; organizationId: string; phoneNumber: string; locale?: string },
): SmsRecord {
  const now = ctx.clock();
  const record: SmsRecord = {
    memberId: opts.memberId,
    organizationId: opts.organizationId,
    code: randomInt(0, 1_000_000).toString().padStart(6, "0"),
    phoneNumber: opts.phoneNumber,
    locale: opts.locale ?? "en",
    sentAt: now,
    expiresAt: now + SMS_CODE_LIFETIME_MINUTES * MINUTE_MS,
  };
  ctx.store.smsCodes.set(opts.memberId, record);
  ctx.store.lastSms.set(opts.memberId, record);
  return record;
}

/** The send record (and the code is used up) when `code` is the member's current, unexpired code. */
export function consumeSmsCode(ctx: EmulatorContext, memberId: string, code: string): SmsRecord | undefined {
  const record = ctx.store.smsCodes.get(memberId);
  if (!record || record.expiresAt <= ctx.clock() || record.code !== code) return undefined;
  ctx.store.smsCodes.delete(memberId);
  return record;
}

/** "+15555550100" -> "XXXXXXX0100", the masking of Stytch's docs samples. */
export function maskPhoneNumber(phone: string): string {
  return phone === "" ? "" : `XXXXXXX${phone.slice(-4)}`;
}
