import type { ControlTarget } from "./control";
import type { MemberDirectoryEntry, RecoveryCodesView, TotpCodeView } from "./mfa-codes";

// Control handlers for the codes a person would read off a phone or an authenticator app, in the API's
// snake_case. Unknown members and members without the factor answer 404 in the emulator's error envelope
// (thrown by mfa-codes.ts).

type Params = Record<string, string>;

export function handleTotpCode(target: ControlTarget, _body: unknown, params: Params) {
  const view: TotpCodeView = target.currentTotpCode(params.member_id);
  return {
    member_id: view.memberId,
    organization_id: view.organizationId,
    code: view.code,
    valid_from: view.validFrom,
    valid_until: view.validUntil,
    accepted_drift_steps: 1,
  };
}

export function handleRecoveryCodes(target: ControlTarget, _body: unknown, params: Params) {
  const view: RecoveryCodesView = target.unusedRecoveryCodes(params.member_id);
  return {
    member_id: view.memberId,
    organization_id: view.organizationId,
    recovery_codes: view.unusedCodes,
  };
}

export function handleMembers(target: ControlTarget) {
  return { members: target.memberDirectory().map(memberJson) };
}

function memberJson(m: MemberDirectoryEntry) {
  return {
    member_id: m.memberId,
    email_address: m.emailAddress,
    status: m.status,
    organization: {
      organization_id: m.organization.id,
      slug: m.organization.slug,
      name: m.organization.name,
    },
    mfa: {
      phone_number: m.mfa.phoneNumber,
      totp: m.mfa.totp,
      recovery_codes: m.mfa.recoveryCodes,
    },
  };
}
