import { ArgsType, Field, ID, Int } from "type-graphql";

const LOCALE = "Language of the email: en, es, pt-br, fr, it, de-DE, zh-Hans, ca-ES.";
const STEP =
  "The pending step's intermediateSessionToken (SignIn or PrimaryAuthRequired). Browsers omit it: the BFF " +
  "reads its HttpOnly cookie.";
const DURATION =
  "Lifetime of the new session in minutes: at least 5, at most the server's maximum (the default).";

@ArgsType()
export class SendSignInEmailArgs {
  @Field(() => String, { description: "The address to email." })
  email!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "Sign in to this organization (id, slug or external id), e.g. to finish PrimaryAuthRequired. Without " +
      "it: a sign-in that lists every organization the address can enter.",
  })
  orgId?: string;

  @Field(() => String, { nullable: true, description: LOCALE })
  locale?: string;
}

@ArgsType()
export class SignInWithCodeArgs {
  @Field(() => String, { description: "The address the code was sent to." })
  email!: string;

  @Field(() => String, { description: "The 6-digit code from the email." })
  code!: string;
}

@ArgsType()
export class SignInWithLinkArgs {
  @Field(() => String, {
    description:
      "The `token` query parameter of the link (stytch_token_type=discovery) that opened your page.",
  })
  token!: string;
}

@ArgsType()
export class EnterOrganizationArgs {
  @Field(() => ID, { description: "One of SignIn.organizations: an organization id, slug or external id." })
  orgId!: string;

  @Field(() => String, { nullable: true, description: STEP })
  intermediateSessionToken?: string;

  @Field(() => Int, { nullable: true, description: DURATION })
  sessionDurationMinutes?: number;

  @Field(() => String, { nullable: true, description: "Language of an MFA SMS, if entering sends one." })
  locale?: string;
}

@ArgsType()
export class PrimaryAuthArgs {
  @Field(() => String, { nullable: true, description: STEP })
  intermediateSessionToken?: string;

  @Field(() => Int, { nullable: true, description: DURATION })
  sessionDurationMinutes?: number;

  @Field(() => String, { nullable: true, description: "Language of an MFA SMS, if one is sent." })
  locale?: string;
}

@ArgsType()
export class CompletePrimaryAuthWithCodeArgs extends PrimaryAuthArgs {
  @Field(() => ID, { description: "The organization the code was sent for (sendSignInCode's orgId)." })
  orgId!: string;

  @Field(() => String, { description: "The address the code was sent to." })
  email!: string;

  @Field(() => String, { description: "The 6-digit code from the email." })
  code!: string;
}

@ArgsType()
export class CompleteWithTokenArgs extends PrimaryAuthArgs {
  @Field(() => String, {
    description:
      "The `token` query parameter your page was opened with (stytch_token_type=multi_tenant_magic_links or sso).",
  })
  token!: string;
}
