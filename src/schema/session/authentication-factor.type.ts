import { Field, ObjectType } from "type-graphql";
import type { AuthenticationFactor as Domain, JsonObject } from "../../stytch/types";
import { DateTime, JSONObject } from "../common/scalars";

@ObjectType({
  simpleResolvers: true,
  description: "One proof the session rests on (a magic link, an SSO login, an SMS code, ...).",
})
export class AuthenticationFactor implements Domain {
  @Field(() => String, {
    description:
      "magic_link, otp, oauth, totp, password, sso, recovery_codes, email_otp, ... (Stytch's vocabulary).",
  })
  type!: string;

  @Field(() => String, {
    description:
      "email, sms, oauth_google, sso_saml, authenticator_app, recovery_code, ... (Stytch's vocabulary).",
  })
  deliveryMethod!: string;

  @Field(() => DateTime, { nullable: true, description: "When the factor was last proven." })
  lastAuthenticatedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the factor was first added to the session." })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the factor last changed." })
  updatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The email address proven, for email factors." })
  emailAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The phone number proven, for SMS factors." })
  phoneNumber!: string | null;

  @Field(() => JSONObject, {
    nullable: true,
    description:
      "Every factor-specific object Stytch sent, by camelCased name (emailFactor, phoneNumberFactor, " +
      "samlSsoFactor, googleOauthFactor, authenticatorAppFactor, ...), keys camelCased.",
  })
  details!: JsonObject | null;
}
