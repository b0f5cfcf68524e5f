import { ArgsType, Field, ID, Int } from "type-graphql";
import { MfaMethod } from "../exchange/mfa-method.enum";

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

  @Field(() => Int, {
    nullable: true,
    description:
      "Lifetime of the new session in minutes: at least 5, at most the server's maximum (the default).",
  })
  sessionDurationMinutes?: number;
}
