import { Field, ID, ObjectType } from "type-graphql";
import type { OrganizationView } from "../../auth/reduced-view";
import type { JsonObject } from "../../stytch/types";
import { DateTime, JSONObject } from "../common/scalars";
import { CustomRole } from "./custom-role.type";
import { EmailImplicitRoleAssignment } from "./email-implicit-role-assignment.type";
import { ScimConnection } from "./scim-connection.type";
import { SsoConnection } from "./sso-connection.type";

const WITHHELD = " Withheld before authentication.";

@ObjectType({
  simpleResolvers: true,
  description:
    "A Stytch B2B organization (a tenant) and its authentication policies. Policy values are Stytch's own " +
    "vocabulary, passed through as strings so that values Stytch adds later never break an answer. Until the " +
    "caller holds a fully authenticated session in it, the fields marked 'withheld before authentication' " +
    "are null.",
})
export class Organization implements OrganizationView {
  @Field(() => ID, { description: "Stytch's organization id." })
  id!: string;

  @Field(() => String, { description: "Display name." })
  name!: string;

  @Field(() => String, { description: "URL-safe unique slug." })
  slug!: string;

  @Field(() => String, { nullable: true, description: "Logo URL; null when none is set." })
  logoUrl!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The id your systems know the organization by." + WITHHELD,
  })
  externalId!: string | null;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Metadata only your backend may write." + WITHHELD,
  })
  trustedMetadata!: JsonObject | null;

  @Field(() => DateTime, { nullable: true, description: "When the organization was created." })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the organization was last changed." })
  updatedAt!: Date | null;

  @Field(() => String, {
    description: "ALL_ALLOWED, or RESTRICTED to allowedAuthMethods (Stytch's auth_methods).",
  })
  authMethods!: string;

  @Field(() => [String], {
    description:
      "Primary authentication methods members may use when authMethods is RESTRICTED: sso, magic_link, " +
      "email_otp, password, google_oauth, microsoft_oauth, slack_oauth, github_oauth, hubspot_oauth, ...",
  })
  allowedAuthMethods!: string[];

  @Field(() => String, { description: "REQUIRED_FOR_ALL or OPTIONAL." })
  mfaPolicy!: string;

  @Field(() => String, { description: "ALL_ALLOWED, or RESTRICTED to allowedMfaMethods." })
  mfaMethods!: string;

  @Field(() => [String], { description: "MFA methods allowed when mfaMethods is RESTRICTED: sms_otp, totp." })
  allowedMfaMethods!: string[];

  @Field(() => String, {
    description: "Who may be provisioned just-in-time by SSO: ALL_ALLOWED, RESTRICTED, NOT_ALLOWED.",
  })
  ssoJitProvisioning!: string;

  @Field(() => [String], {
    description: "SSO connections allowed to provision just-in-time when RESTRICTED.",
  })
  ssoJitProvisioningAllowedConnections!: string[];

  @Field(() => [SsoConnection], { description: "The organization's active SSO connections." })
  ssoActiveConnections!: SsoConnection[];

  @Field(() => String, { nullable: true, description: "The SSO connection used when none is named." })
  ssoDefaultConnectionId!: string | null;

  @Field(() => ScimConnection, {
    nullable: true,
    description: "The active SCIM connection, if any." + WITHHELD,
  })
  scimActiveConnection!: ScimConnection | null;

  @Field(() => [String], {
    description: "Email domains allowed to join by email just-in-time provisioning or invites.",
  })
  emailAllowedDomains!: string[];

  @Field(() => String, { description: "Email just-in-time provisioning: RESTRICTED or NOT_ALLOWED." })
  emailJitProvisioning!: string;

  @Field(() => String, { description: "Who may be invited: ALL_ALLOWED, RESTRICTED, NOT_ALLOWED." })
  emailInvites!: string;

  @Field(() => [String], { description: "Email domains the organization has claimed." })
  claimedEmailDomains!: string[];

  @Field(() => String, { description: "OAuth tenant just-in-time provisioning: RESTRICTED or NOT_ALLOWED." })
  oauthTenantJitProvisioning!: string;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Allowed OAuth tenants by provider (slack, hubspot, github)." + WITHHELD,
  })
  allowedOauthTenants!: JsonObject | null;

  @Field(() => [EmailImplicitRoleAssignment], {
    nullable: true,
    description: "Roles granted implicitly by email domain." + WITHHELD,
  })
  rbacEmailImplicitRoleAssignments!: EmailImplicitRoleAssignment[] | null;

  @Field(() => [CustomRole], {
    nullable: true,
    description: "Roles defined by this organization." + WITHHELD,
  })
  customRoles!: CustomRole[] | null;

  @Field(() => String, {
    description: "Which first-party connected apps are allowed: ALL_ALLOWED, RESTRICTED, NOT_ALLOWED.",
  })
  firstPartyConnectedAppsAllowedType!: string;

  @Field(() => [String], { description: "First-party connected apps allowed when RESTRICTED." })
  allowedFirstPartyConnectedApps!: string[];

  @Field(() => String, {
    description: "Which third-party connected apps are allowed: ALL_ALLOWED, RESTRICTED, NOT_ALLOWED.",
  })
  thirdPartyConnectedAppsAllowedType!: string;

  @Field(() => [String], { description: "Third-party connected apps allowed when RESTRICTED." })
  allowedThirdPartyConnectedApps!: string[];
}
