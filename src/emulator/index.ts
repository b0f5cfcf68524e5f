// Public surface of the Stytch B2B emulator. Nothing here imports from the rest of src/.
export { createEmulator } from "./emulator";
export type {
  CreatedSession,
  EmulatorHandle,
  EmulatorHandle as Emulator,
  EmulatorOptions,
  SessionTokens,
  SmsMessage,
} from "./emulator";
export type { EmulatorStateView, SessionSummary } from "./state-view";
export type { MemberDirectoryEntry, RecoveryCodesView, TotpCodeView } from "./mfa-codes";
export { createManualClock, type Clock, type ManualClock } from "./clock";
export { DEV_PROJECT_ID, DEV_PUBLIC_TOKEN, DEV_SECRET } from "./dev-credentials";
export type { EmailOtpMessage, MagicLinkMessage } from "./outbox";
export { pkceChallengeOf } from "./pkce";
export {
  DEMO,
  defaultSeed,
  demoSessionToken,
  memberIdFor,
  organizationIdFor,
  scaleMemberId,
  scaleOrganizationId,
  scalePersonEmail,
  scaleSeed,
} from "./seed";
export { totpCode } from "./totp";
export type { FaultSpec } from "./faults";
export type { RequestLogEntry } from "./request-log";
export type * from "./types";
