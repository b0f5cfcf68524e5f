import { rfc3339 } from "./clock";
import type { EmulatorContext } from "./context";
import { StytchApiError } from "./errors";
import type { MemberRecord } from "./store";
import { TOTP_STEP_SECONDS, totpCode } from "./totp";

// What a person at the keyboard needs to finish MFA against the emulator: the current TOTP code, the unused
// recovery codes, and a directory of members to find the ids by. Nothing is delivered anywhere in the
// emulator, so these views stand in for the authenticator app and the printed recovery sheet.

export interface TotpCodeView {
  memberId: string;
  organizationId: string;
  code: string;
  /** The 30 s step the code belongs to; verification also accepts one step either side (clock drift). */
  validFrom: string;
  validUntil: string;
}

export interface RecoveryCodesView {
  memberId: string;
  organizationId: string;
  unusedCodes: string[];
}

export interface MemberDirectoryEntry {
  memberId: string;
  emailAddress: string;
  status: string;
  organization: { id: string; slug: string; name: string };
  mfa: { phoneNumber: string | null; totp: boolean; recoveryCodes: boolean };
}

const STEP_MS = TOTP_STEP_SECONDS * 1000;

export function currentTotp(ctx: EmulatorContext, memberId: string): TotpCodeView {
  const record = knownMember(ctx, memberId);
  if (!record.totpSecret || record.member.totp_registration_id === "") {
    throw new StytchApiError(404, "totp_not_found", `Member ${memberId} has no TOTP registration.`);
  }
  const now = ctx.clock();
  const stepStart = Math.floor(now / STEP_MS) * STEP_MS;
  return {
    memberId,
    organizationId: record.member.organization_id,
    code: totpCode(record.totpSecret, now),
    validFrom: rfc3339(stepStart),
    validUntil: rfc3339(stepStart + STEP_MS),
  };
}

export function unusedRecoveryCodes(ctx: EmulatorContext, memberId: string): RecoveryCodesView {
  const record = knownMember(ctx, memberId);
  if (record.allRecoveryCodes.length === 0) {
    throw new StytchApiError(404, "recovery_codes_not_found", `Member ${memberId} has no recovery codes.`);
  }
  return {
    memberId,
    organizationId: record.member.organization_id,
    unusedCodes: [...record.recoveryCodes],
  };
}

/** Every seeded member, organization by organization in seed order. */
export function memberDirectory(ctx: EmulatorContext): MemberDirectoryEntry[] {
  return ctx.store
    .orderedOrganizations()
    .flatMap((org) => ctx.store.membersOfOrganization(org.organization_id).map((r) => entryOf(r, org)));
}

function entryOf(
  record: MemberRecord,
  org: { organization_id: string; organization_slug: string; organization_name: string },
): MemberDirectoryEntry {
  const { member } = record;
  return {
    memberId: member.member_id,
    emailAddress: member.email_address,
    status: member.status,
    organization: { id: org.organization_id, slug: org.organization_slug, name: org.organization_name },
    mfa: {
      phoneNumber: member.mfa_phone_number === "" ? null : member.mfa_phone_number,
      totp: Boolean(record.totpSecret) && member.totp_registration_id !== "",
      recoveryCodes: record.allRecoveryCodes.length > 0,
    },
  };
}

function knownMember(ctx: EmulatorContext, memberId: string): MemberRecord {
  const record = ctx.store.members.get(memberId);
  if (!record) throw new StytchApiError(404, "member_not_found", `No member ${memberId} in the emulator.`);
  return record;
}
