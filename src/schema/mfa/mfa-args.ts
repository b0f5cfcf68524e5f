import { ArgsType, Field, ID, Int } from "type-graphql";
import { BadUserInputError } from "../../errors/app-errors";
import { MfaMethod } from "../exchange/mfa-method.enum";

const STYTCH_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const SIX_DIGITS = /^\d{6}$/;
const RECOVERY_CODE = /^[A-Za-z0-9-]{4,64}$/;

@ArgsType()
export class SendMfaSmsCodeArgs {
  @Field(() => ID, {
    description: "The organization of the pending MFA step (MfaChallenge.organization.id).",
  })
  orgId!: string;

  @Field(() => ID, { description: "The member of the pending MFA step (MfaChallenge.member.id)." })
  memberId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "MfaChallenge.intermediateSessionToken. Browsers omit it: the BFF reads its HttpOnly cookie.",
  })
  intermediateSessionToken?: string;

  @Field(() => String, {
    nullable: true,
    description: "Language of the SMS: en, es, pt-br, fr, it, de-DE, zh-Hans, ca-ES.",
  })
  locale?: string;
}

@ArgsType()
export class CompleteMfaArgs {
  @Field(() => ID, {
    description: "The organization of the pending MFA step (MfaChallenge.organization.id).",
  })
  orgId!: string;

  @Field(() => ID, { description: "The member of the pending MFA step (MfaChallenge.member.id)." })
  memberId!: string;

  @Field(() => MfaMethod, { description: "How the member proves the second factor." })
  method!: MfaMethod;

  @Field(() => String, { description: "The 6-digit SMS or authenticator code, or a recovery code." })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "MfaChallenge.intermediateSessionToken. Browsers omit it: the BFF reads its HttpOnly cookie.",
  })
  intermediateSessionToken?: string;

  @Field(() => Int, { nullable: true, description: "Lifetime of the new session in minutes (5 to 527040)." })
  sessionDurationMinutes?: number;
}

export function validateMemberReference(orgId: string, memberId: string): void {
  if (!STYTCH_ID.test(orgId)) throw new BadUserInputError("orgId must be an organization id.", "orgId");
  if (!STYTCH_ID.test(memberId)) throw new BadUserInputError("memberId must be a member id.", "memberId");
}

/** A code that cannot be right is refused without spending a Stytch call (or an attempt) on it. */
export function validateCode(method: MfaMethod, code: string): void {
  const shape = method === MfaMethod.RECOVERY_CODE ? RECOVERY_CODE : SIX_DIGITS;
  if (!shape.test(code)) {
    throw new BadUserInputError(
      method === MfaMethod.RECOVERY_CODE ? "code is not a recovery code." : "code must be 6 digits.",
      "code",
    );
  }
}
