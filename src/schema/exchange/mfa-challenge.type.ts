import { Field, ObjectType } from "type-graphql";
import type { MfaRequiredOutcome } from "../../stytch/types";
import { DateTime } from "../common/scalars";
import { ExchangeOutcome } from "./exchange-outcome.interface";
import { MfaMethod } from "./mfa-method.enum";
import { reducedMember, reducedOrganization } from "../../auth/reduced-view";

@ObjectType({
  simpleResolvers: true,
  implements: ExchangeOutcome,
  description:
    "The target organization requires MFA before issuing a session. Finish with completeMfa (resend an SMS " +
    "code with sendMfaSmsCode) before expiresAt.",
})
export class MfaChallenge extends ExchangeOutcome {
  @Field(() => String, {
    nullable: true,
    description:
      "Proof of the primary authentication, to pass to completeMfa. Bearer callers only; browsers get an " +
      "HttpOnly cookie that completeMfa reads.",
  })
  intermediateSessionToken!: string | null;

  @Field(() => DateTime, {
    description: "When the intermediate session ends (10 minutes after the exchange).",
  })
  expiresAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: "The member's MFA phone, masked as Stytch returns it (XXXXXXX1234).",
  })
  phoneNumber!: string | null;

  @Field(() => Boolean, { description: "Whether the member has an authenticator app (TOTP) registered." })
  totpRegistered!: boolean;

  @Field(() => Boolean, { description: "Whether Stytch already sent an SMS code as part of the exchange." })
  smsCodeSent!: boolean;

  @Field(() => [MfaMethod], {
    description:
      "The methods this member can use in this organization now. Empty when the member must first enrol a " +
      "factor (not offered by this API yet).",
  })
  availableMethods!: MfaMethod[];

  static from(outcome: MfaRequiredOutcome, revealTokens: boolean): MfaChallenge {
    return Object.assign(new MfaChallenge(), {
      requestId: outcome.stytchRequestId,
      // Only a primary factor is proven so far: the reduced view (no phone number to SIM-swap).
      member: reducedMember(outcome.member),
      organization: reducedOrganization(outcome.organization),
      device: outcome.device,
      intermediateSessionToken: revealTokens ? outcome.intermediateSessionToken : null,
      expiresAt: outcome.intermediateSessionExpiresAt,
      phoneNumber: outcome.maskedPhoneNumber,
      totpRegistered: outcome.totpRegistrationId !== null,
      smsCodeSent: outcome.smsCodeSent,
      availableMethods: availableMfaMethods(outcome),
    });
  }
}

/** What the member holds, filtered by what the organization allows (RESTRICTED mfa_methods). */
function availableMfaMethods({
  organization,
  maskedPhoneNumber,
  totpRegistrationId,
}: MfaRequiredOutcome): MfaMethod[] {
  const allows = (method: string) =>
    organization.mfaMethods !== "RESTRICTED" || organization.allowedMfaMethods.includes(method);
  const methods: MfaMethod[] = [];
  if (maskedPhoneNumber && allows("sms_otp")) methods.push(MfaMethod.SMS_OTP);
  if (totpRegistrationId && allows("totp")) methods.push(MfaMethod.TOTP, MfaMethod.RECOVERY_CODE);
  return methods;
}
