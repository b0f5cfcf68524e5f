import { registerEnumType } from "type-graphql";

export enum MfaMethod {
  SMS_OTP = "SMS_OTP",
  TOTP = "TOTP",
  RECOVERY_CODE = "RECOVERY_CODE",
}

registerEnumType(MfaMethod, {
  name: "MfaMethod",
  description: "A way to pass a multi-factor authentication challenge.",
  valuesConfig: {
    SMS_OTP: { description: "A one-time code sent by SMS to the member's MFA phone." },
    TOTP: { description: "A code from the member's authenticator app." },
    RECOVERY_CODE: { description: "One of the member's single-use TOTP recovery codes." },
  },
});
