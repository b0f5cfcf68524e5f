import { Field, ID, ObjectType } from "type-graphql";
import type { JsonObject, Member as Domain } from "../../stytch/types";
import { DateTime, JSONObject } from "../common/scalars";
import { MemberRole } from "./member-role.type";
import { OAuthRegistration, RetiredEmail, ScimRegistration, SsoRegistration } from "./registrations.type";

@ObjectType({
  simpleResolvers: true,
  description:
    "A person's membership in one organization. The same person has one Member per organization, " +
    "linked by email address.",
})
export class Member implements Domain {
  @Field(() => ID, { description: "Stytch's member id." })
  id!: string;

  @Field(() => ID, { description: "The organization this membership belongs to." })
  organizationId!: string;

  @Field(() => String, { description: "Email address." })
  email!: string;

  @Field(() => Boolean, { description: "Whether the email address has been verified." })
  emailVerified!: boolean;

  @Field(() => String, { description: "Display name ('' when unset)." })
  name!: string;

  @Field(() => String, { description: "active, invited, pending, deleted, or a status Stytch adds later." })
  status!: string;

  @Field(() => Boolean, { description: "Whether the member holds the stytch_admin role." })
  isAdmin!: boolean;

  @Field(() => Boolean, {
    description: "Whether the member may bypass the organization's auth restrictions.",
  })
  isBreakglass!: boolean;

  @Field(() => Boolean, { description: "Whether the member is locked out after too many failed attempts." })
  isLocked!: boolean;

  @Field(() => DateTime, { nullable: true, description: "When the lock started." })
  lockCreatedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the lock ends." })
  lockExpiresAt!: Date | null;

  @Field(() => Boolean, { description: "Whether the member must pass MFA in every organization policy." })
  mfaEnrolled!: boolean;

  @Field(() => String, { nullable: true, description: "The member's MFA phone number (E.164)." })
  mfaPhoneNumber!: string | null;

  @Field(() => Boolean, { description: "Whether the MFA phone number has been verified." })
  mfaPhoneNumberVerified!: boolean;

  @Field(() => String, { nullable: true, description: "sms_otp or totp." })
  defaultMfaMethod!: string | null;

  @Field(() => String, { nullable: true, description: "The member's TOTP registration, if any." })
  totpRegistrationId!: string | null;

  @Field(() => String, { nullable: true, description: "The member's password registration, if any." })
  passwordId!: string | null;

  @Field(() => [MemberRole], { description: "Roles with the sources that grant them." })
  roles!: MemberRole[];

  @Field(() => [SsoRegistration], { description: "SSO identities." })
  ssoRegistrations!: SsoRegistration[];

  @Field(() => [OAuthRegistration], { description: "OAuth identities." })
  oauthRegistrations!: OAuthRegistration[];

  @Field(() => ScimRegistration, { nullable: true, description: "SCIM identity." })
  scimRegistration!: ScimRegistration | null;

  @Field(() => [RetiredEmail], { description: "Email addresses used before." })
  retiredEmailAddresses!: RetiredEmail[];

  @Field(() => String, { nullable: true, description: "The id your systems know the member by." })
  externalId!: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Metadata only your backend may write." })
  trustedMetadata!: JsonObject | null;

  @Field(() => JSONObject, { nullable: true, description: "Metadata the member's frontend may write." })
  untrustedMetadata!: JsonObject | null;

  @Field(() => DateTime, { nullable: true, description: "When the member was created." })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the member was last changed." })
  updatedAt!: Date | null;
}
