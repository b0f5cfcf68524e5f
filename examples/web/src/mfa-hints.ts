import type { ExchangeResultFragment, MfaMethod } from "../../../client/generated/graphql";

type MfaChallenge = Extract<ExchangeResultFragment, { __typename: "MfaChallenge" }>;

/** Stytch's (and the emulator's) lifetime of an SMS code. */
const SMS_CODE_MINUTES = 2;

/** How long each kind of code lasts, shown under the method picker so nobody types a stale one. */
export const METHOD_HINTS: Record<MfaMethod, string> = {
  SMS_OTP: `A texted code expires after ${SMS_CODE_MINUTES} minutes; texting a new one replaces it.`,
  TOTP: "Your authenticator app shows a new code every 30 seconds: type the one it shows now.",
  RECOVERY_CODE: "Each recovery code works once.",
};

/**
 * What the page knows about SMS codes, from the API's answer: after "Text me a new code" its `smsCodeSent`
 * says whether one was sent (a refused send fails instead, with how long to wait).
 */
export function smsStatus({ smsCodeSent, phoneNumber }: MfaChallenge, resent: boolean): string {
  const phone = phoneNumber ?? "your phone";
  if (resent && smsCodeSent)
    return `A new code was texted to ${phone} at ${new Date().toLocaleTimeString()}; earlier codes no longer work.`;
  if (resent) return `No new code was sent to ${phone}.`;
  if (smsCodeSent) return `A code was texted to ${phone}.`;
  return phoneNumber ? `We can text a code to ${phoneNumber}.` : "";
}
