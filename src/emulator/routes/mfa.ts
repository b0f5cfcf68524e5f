import { rfc3339 } from "../clock";
import type { EmulatorContext } from "../context";
import { errors, StytchApiError } from "../errors";
import { buildFactor } from "../factors";
import { testId } from "../ids";
import { smsAllowed, totpAllowed } from "../policy";
import { consumeSmsCode, sendSmsCode } from "../sms";
import type { MemberRecord } from "../store";
import { verifyTotp } from "../totp";
import type { Organization } from "../types";
import { locale, optionalString, requiredString, type Body } from "../validate";
import { assertCompletable, completeMfa, resolveMfaTarget } from "./mfa-target";
import type { Handler } from "./route";

const E164 = /^\+[1-9]\d{6,14}$/;
const SIX_DIGITS = /^\d{6}$/;

// POST /v1/b2b/otps/sms/send: (re)send a code. A member who already has an MFA factor needs an IST or a
// session; a new send invalidates the previous code.
export const sendSmsOtp: Handler = (ctx, { body }) => {
  const target = resolveMfaTarget(ctx, body, { sessionRequired: false });
  const { org, record } = target;
  if (!smsAllowed(org)) throw errors.mfaMethodRestricted("sms_otp");
  const smsLocale = locale(body);
  const member = record.member;
  if (
    target.via.kind === "none" &&
    (member.mfa_phone_number_verified || member.totp_registration_id !== "")
  ) {
    throw new StytchApiError(
      400,
      "no_session_arguments",
      "The Member already has an MFA factor: an intermediate_session_token, session_token or session_jwt is required.",
    );
  }
  const requested = optionalString(body, "mfa_phone_number");
  if (requested !== undefined && !E164.test(requested)) {
    throw new StytchApiError(400, "invalid_phone_number", "mfa_phone_number must be an E.164 phone number.");
  }
  if (requested !== undefined && requested !== member.mfa_phone_number) {
    if (member.mfa_phone_number_verified) {
      throw new StytchApiError(
        400,
        "invalid_phone_number",
        "The Member already has a verified MFA phone number; a different mfa_phone_number cannot be used.",
      );
    }
    member.mfa_phone_number = requested;
    member.updated_at = rfc3339(ctx.clock());
  }
  if (member.mfa_phone_number === "") {
    throw new StytchApiError(404, "member_phone_number_not_found", "The Member has no MFA phone number.");
  }
  sendSmsCode(ctx, {
    memberId: member.member_id,
    organizationId: org.organization_id,
    phoneNumber: member.mfa_phone_number,
    locale: smsLocale,
  });
  return { member_id: member.member_id, member, organization: org };
};

/** set_mfa_enrollment / set_default_mfa, plus the implicit enrolment under REQUIRED_FOR_ALL. */
function applyMfaSettings(
  ctx: EmulatorContext,
  org: Organization,
  record: MemberRecord,
  body: Body,
  method: string,
) {
  const member = record.member;
  const enrollment = optionalString(body, "set_mfa_enrollment");
  if (enrollment === "enroll" || org.mfa_policy === "REQUIRED_FOR_ALL") member.mfa_enrolled = true;
  if (enrollment === "unenroll") member.mfa_enrolled = false;
  if (body.set_default_mfa === true) member.default_mfa_method = method;
  member.updated_at = rfc3339(ctx.clock());
}

// POST /v1/b2b/otps/sms/authenticate: consumes the IST (or steps up a session) and the code.
export const authenticateSmsOtp: Handler = (ctx, { body }) => {
  const target = resolveMfaTarget(ctx, body, { sessionRequired: true });
  const code = requiredString(body, "code");
  if (!smsAllowed(target.org)) throw errors.mfaMethodRestricted("sms_otp");
  assertCompletable(target, body);
  const sent = consumeSmsCode(ctx, target.record.member.member_id, code);
  if (!sent) throw errors.otpCodeNotFound();
  const member = target.record.member;
  member.mfa_phone_number = sent.phoneNumber;
  member.mfa_phone_number_verified = true;
  applyMfaSettings(ctx, target.org, target.record, body, "sms_otp");
  const factor = buildFactor("sms_otp", member, target.org, rfc3339(ctx.clock()));
  return completeMfa(ctx, target, factor, body);
};

// POST /v1/b2b/totp/authenticate: RFC 6238 codes, one 30 s step of drift either way.
export const authenticateTotp: Handler = (ctx, { body }) => {
  const target = resolveMfaTarget(ctx, body, { sessionRequired: true });
  const code = requiredString(body, "code");
  if (!totpAllowed(target.org)) throw errors.mfaMethodRestricted("totp");
  const { record } = target;
  if (record.member.totp_registration_id === "" || !record.totpSecret) {
    throw new StytchApiError(404, "totp_not_found", "The Member has no TOTP registration.");
  }
  assertCompletable(target, body);
  if (!SIX_DIGITS.test(code)) throw new StytchApiError(400, "invalid_totp_code", "A TOTP code is 6 digits.");
  if (!verifyTotp(record.totpSecret, code, ctx.clock())) {
    throw new StytchApiError(401, "unable_to_authenticate_totp", "The TOTP code could not be authenticated.");
  }
  applyMfaSettings(ctx, target.org, record, body, "totp");
  const factor = buildFactor("totp", record.member, target.org, rfc3339(ctx.clock()));
  return completeMfa(ctx, target, factor, body);
};

// POST /v1/b2b/recovery_codes/recover: each code works once.
export const recoverWithCode: Handler = (ctx, { body }) => {
  const target = resolveMfaTarget(ctx, body, { sessionRequired: true });
  const code = requiredString(body, "recovery_code");
  const { record } = target;
  if (record.allRecoveryCodes.length === 0) {
    throw new StytchApiError(404, "recovery_codes_not_found", "The Member has no recovery codes.");
  }
  assertCompletable(target, body);
  const index = record.recoveryCodes.indexOf(code);
  if (index < 0) {
    throw new StytchApiError(
      401,
      "unable_to_authenticate_recovery_code",
      "The recovery code could not be authenticated.",
    );
  }
  record.recoveryCodes.splice(index, 1);
  const factor = buildFactor("recovery_code", record.member, target.org, rfc3339(ctx.clock()));
  factor.recovery_code_factor = {
    totp_recovery_code_id: testId(
      "totp-recovery-code",
      `${record.member.member_id}:${record.allRecoveryCodes.indexOf(code)}`,
    ),
  };
  return { ...completeMfa(ctx, target, factor, body), recovery_codes_remaining: record.recoveryCodes.length };
};
