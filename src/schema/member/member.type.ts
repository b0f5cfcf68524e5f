import { Field, ID, ObjectType } from "type-graphql";
import type { MemberView } from "../../auth/reduced-view";
import type { JsonObject } from "../../stytch/types";
import { DateTime, JSONObject } from "../common/scalars";
import { MemberRole } from "./member-role.type";
import { OAuthRegistration, RetiredEmail, ScimRegistration, SsoRegistration } from "./registrations.type";

const WITHHELD = " Withheld before authentication.";

@ObjectType({
  simpleResolvers: true,
  description:
    "A person's membership in one organization. The same person has one Member per organization, " +
    "linked by email address. Until the caller holds a fully authenticated session in the member's " +
    "organization (MfaChallenge, PrimaryAuthRequired, switchable organizations not entered), the fields marked " +
    "'withheld before authentication' are null.",
})
export class Member implements MemberView {
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

  @Field(() => String, {
    nullable: true,
    description: "The member's MFA phone number (E.164). Withheld before authentication.",
  })
  mfaPhoneNumber!: string | null;

  @Field(() => Boolean, { description: "Whether the MFA phone number has been verified." })
  mfaPhoneNumberVerified!: boolean;

  @Field(() => String, { nullable: true, description: "sms_otp or totp." })
  defaultMfaMethod!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The member's TOTP registration, if any. Withheld before authentication.",
  })
  totpRegistrationId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The member's password registration, if any. Withheld before authentication.",
  })
  passwordId!: string | null;

  @Field(() => [MemberRole], { description: "Roles with the sources that grant them." })
  roles!: MemberRole[];

  @Field(() => [SsoRegistration], { nullable: true, description: "SSO identities." + WITHHELD })
  ssoRegistrations!: SsoRegistration[] | null;

  @Field(() => [OAuthRegistration], { nullable: true, description: "OAuth identities." + WITHHELD })
  oauthRegistrations!: OAuthRegistration[] | null;

  @Field(() => ScimRegistration, { nullable: true, description: "SCIM identity." + WITHHELD })
  scimRegistration!: ScimRegistration | null;

  @Field(() => [RetiredEmail], { nullable: true, description: "Email addresses used before." + WITHHELD })
  retiredEmailAddresses!: RetiredEmail[] | null;

  @Field(() => String, {
    nullable: true,
    description: "The id your systems know the member by." + WITHHELD,
  })
  externalId!: string | null;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Metadata only your backend may write." + WITHHELD,
  })
  trustedMetadata!: JsonObject | null;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Metadata the member's frontend may write." + WITHHELD,
  })
  untrustedMetadata!: JsonObject | null;

  @Field(() => DateTime, { nullable: true, description: "When the member was created." })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the member was last changed." })
  updatedAt!: Date | null;
}
