import { Field, ObjectType } from "type-graphql";
import type {
  JsonObject,
  OAuthRegistration as OAuthDomain,
  RetiredEmail as RetiredEmailDomain,
  ScimRegistration as ScimDomain,
  SsoRegistration as SsoDomain,
} from "../../stytch/types";
import { JSONObject } from "../common/scalars";

@ObjectType({ simpleResolvers: true, description: "The member's identity at one SSO connection." })
export class SsoRegistration implements SsoDomain {
  @Field(() => String, { description: "The SSO connection." })
  connectionId!: string;

  @Field(() => String, { description: "The member's id at the identity provider." })
  externalId!: string;

  @Field(() => String, { description: "Stytch's id for this registration." })
  registrationId!: string;

  @Field(() => JSONObject, { nullable: true, description: "Attributes the identity provider sent." })
  ssoAttributes!: JsonObject | null;
}

@ObjectType({ simpleResolvers: true, description: "The member's identity at one OAuth provider." })
export class OAuthRegistration implements OAuthDomain {
  @Field(() => String, { description: "google, microsoft, slack, github, hubspot, ..." })
  providerType!: string;

  @Field(() => String, { description: "The member's id at the provider." })
  providerSubject!: string;

  @Field(() => String, { description: "Stytch's id for this registration." })
  registrationId!: string;

  @Field(() => String, { nullable: true, description: "Profile picture the provider sent." })
  profilePictureUrl!: string | null;

  @Field(() => String, { nullable: true, description: "Locale the provider sent." })
  locale!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "The member's identity at the organization's SCIM connection.",
})
export class ScimRegistration implements ScimDomain {
  @Field(() => String, { description: "The SCIM connection." })
  connectionId!: string;

  @Field(() => String, { description: "Stytch's id for this registration." })
  registrationId!: string;

  @Field(() => String, { nullable: true, description: "The member's id at the SCIM provider." })
  externalId!: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Attributes the SCIM provider sent." })
  scimAttributes!: JsonObject | null;
}

@ObjectType({ simpleResolvers: true, description: "An email address the member used before." })
export class RetiredEmail implements RetiredEmailDomain {
  @Field(() => String, { description: "Stytch's id for the address." })
  emailId!: string;

  @Field(() => String, { description: "The address." })
  emailAddress!: string;
}
