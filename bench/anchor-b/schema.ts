import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import {
  Arg,
  buildSchemaSync,
  createUnionType,
  Field,
  ID,
  Int,
  InterfaceType,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from "type-graphql";

/**
 * Anchor B's own tiny schema: just the types the three bench selections reach, with the BFF's field names,
 * nullability and scalars (graphql-scalars DateTime and JSONObject), so that Apollo + type-graphql do the same
 * validation, execution and serialization work as in the BFF, and nothing else: every field is a plain
 * property of a constant, no context, no loaders, no Stytch.
 */

const NULLABLE = { nullable: true } as const;
type Json = Record<string, unknown>;

enum ExchangeStep {
  AUTHENTICATED = "AUTHENTICATED",
  MFA_REQUIRED = "MFA_REQUIRED",
  PRIMARY_AUTH_REQUIRED = "PRIMARY_AUTH_REQUIRED",
}
registerEnumType(ExchangeStep, { name: "ExchangeStep" });

enum MfaMethod {
  SMS_OTP = "SMS_OTP",
  TOTP = "TOTP",
  RECOVERY_CODE = "RECOVERY_CODE",
}
registerEnumType(MfaMethod, { name: "MfaMethod" });

@ObjectType()
class SsoConnection {
  @Field(() => String) connectionId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String) identityProvider!: string;
}

@ObjectType()
class ScimConnection {
  @Field(() => String) connectionId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String) bearerTokenLastFour!: string;
  @Field(() => DateTimeResolver, NULLABLE) bearerTokenExpiresAt!: Date | null;
}

@ObjectType()
class EmailImplicitRoleAssignment {
  @Field(() => String) domain!: string;
  @Field(() => String) roleId!: string;
}

@ObjectType()
class RolePermission {
  @Field(() => String) resourceId!: string;
  @Field(() => [String]) actions!: string[];
}

@ObjectType()
class CustomRole {
  @Field(() => String) roleId!: string;
  @Field(() => String) description!: string;
  @Field(() => [RolePermission]) permissions!: RolePermission[];
}

@ObjectType()
class Organization {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, NULLABLE) logoUrl!: string | null;
  @Field(() => String, NULLABLE) externalId!: string | null;
  @Field(() => JSONObjectResolver, NULLABLE) trustedMetadata!: Json | null;
  @Field(() => DateTimeResolver, NULLABLE) createdAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) updatedAt!: Date | null;
  @Field(() => String) authMethods!: string;
  @Field(() => [String]) allowedAuthMethods!: string[];
  @Field(() => String) mfaPolicy!: string;
  @Field(() => String) mfaMethods!: string;
  @Field(() => [String]) allowedMfaMethods!: string[];
  @Field(() => String) ssoJitProvisioning!: string;
  @Field(() => [String]) ssoJitProvisioningAllowedConnections!: string[];
  @Field(() => [SsoConnection]) ssoActiveConnections!: SsoConnection[];
  @Field(() => String, NULLABLE) ssoDefaultConnectionId!: string | null;
  @Field(() => ScimConnection, NULLABLE) scimActiveConnection!: ScimConnection | null;
  @Field(() => [String]) emailAllowedDomains!: string[];
  @Field(() => String) emailJitProvisioning!: string;
  @Field(() => String) emailInvites!: string;
  @Field(() => [String]) claimedEmailDomains!: string[];
  @Field(() => String) oauthTenantJitProvisioning!: string;
  @Field(() => JSONObjectResolver, NULLABLE) allowedOauthTenants!: Json | null;
  @Field(() => [EmailImplicitRoleAssignment])
  rbacEmailImplicitRoleAssignments!: EmailImplicitRoleAssignment[];
  @Field(() => [CustomRole]) customRoles!: CustomRole[];
  @Field(() => String) firstPartyConnectedAppsAllowedType!: string;
  @Field(() => [String]) allowedFirstPartyConnectedApps!: string[];
  @Field(() => String) thirdPartyConnectedAppsAllowedType!: string;
  @Field(() => [String]) allowedThirdPartyConnectedApps!: string[];
}

@ObjectType()
class MemberRoleSource {
  @Field(() => String) type!: string;
  @Field(() => JSONObjectResolver, NULLABLE) details!: Json | null;
}

@ObjectType()
class MemberRole {
  @Field(() => String) roleId!: string;
  @Field(() => [MemberRoleSource]) sources!: MemberRoleSource[];
}

@ObjectType()
class SsoRegistration {
  @Field(() => String) connectionId!: string;
  @Field(() => String) externalId!: string;
  @Field(() => String) registrationId!: string;
  @Field(() => JSONObjectResolver, NULLABLE) ssoAttributes!: Json | null;
}

@ObjectType()
class OAuthRegistration {
  @Field(() => String) providerType!: string;
  @Field(() => String) providerSubject!: string;
  @Field(() => String) registrationId!: string;
  @Field(() => String, NULLABLE) profilePictureUrl!: string | null;
  @Field(() => String, NULLABLE) locale!: string | null;
}

@ObjectType()
class ScimRegistration {
  @Field(() => String) connectionId!: string;
  @Field(() => String) registrationId!: string;
  @Field(() => String, NULLABLE) externalId!: string | null;
  @Field(() => JSONObjectResolver, NULLABLE) scimAttributes!: Json | null;
}

@ObjectType()
class RetiredEmail {
  @Field(() => String) emailId!: string;
  @Field(() => String) emailAddress!: string;
}

@ObjectType()
class Member {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) email!: string;
  @Field(() => Boolean) emailVerified!: boolean;
  @Field(() => String) name!: string;
  @Field(() => String) status!: string;
  @Field(() => Boolean) isAdmin!: boolean;
  @Field(() => Boolean) isBreakglass!: boolean;
  @Field(() => Boolean) isLocked!: boolean;
  @Field(() => DateTimeResolver, NULLABLE) lockCreatedAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) lockExpiresAt!: Date | null;
  @Field(() => Boolean) mfaEnrolled!: boolean;
  @Field(() => String, NULLABLE) mfaPhoneNumber!: string | null;
  @Field(() => Boolean) mfaPhoneNumberVerified!: boolean;
  @Field(() => String, NULLABLE) defaultMfaMethod!: string | null;
  @Field(() => String, NULLABLE) totpRegistrationId!: string | null;
  @Field(() => String, NULLABLE) passwordId!: string | null;
  @Field(() => String, NULLABLE) externalId!: string | null;
  @Field(() => JSONObjectResolver, NULLABLE) trustedMetadata!: Json | null;
  @Field(() => JSONObjectResolver, NULLABLE) untrustedMetadata!: Json | null;
  @Field(() => DateTimeResolver, NULLABLE) createdAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) updatedAt!: Date | null;
  @Field(() => [MemberRole]) roles!: MemberRole[];
  @Field(() => [SsoRegistration]) ssoRegistrations!: SsoRegistration[];
  @Field(() => [OAuthRegistration]) oauthRegistrations!: OAuthRegistration[];
  @Field(() => ScimRegistration, NULLABLE) scimRegistration!: ScimRegistration | null;
  @Field(() => [RetiredEmail]) retiredEmailAddresses!: RetiredEmail[];
  @Field(() => Organization) organization!: Organization;
}

@ObjectType()
class AuthenticationFactor {
  @Field(() => String) type!: string;
  @Field(() => String) deliveryMethod!: string;
  @Field(() => DateTimeResolver, NULLABLE) lastAuthenticatedAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) createdAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) updatedAt!: Date | null;
  @Field(() => String, NULLABLE) emailAddress!: string | null;
  @Field(() => String, NULLABLE) phoneNumber!: string | null;
  @Field(() => JSONObjectResolver, NULLABLE) details!: Json | null;
}

@ObjectType()
class MemberSession {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) organizationSlug!: string;
  @Field(() => DateTimeResolver) startedAt!: Date;
  @Field(() => DateTimeResolver) lastAccessedAt!: Date;
  @Field(() => DateTimeResolver) expiresAt!: Date;
  @Field(() => [String]) roles!: string[];
  @Field(() => JSONObjectResolver, NULLABLE) customClaims!: Json | null;
  @Field(() => [AuthenticationFactor]) authenticationFactors!: AuthenticationFactor[];
  @Field(() => Member) member!: Member;
  @Field(() => Organization) organization!: Organization;
}

@ObjectType()
class DeviceAttributeDetails {
  @Field(() => Boolean) isNew!: boolean;
  @Field(() => DateTimeResolver, NULLABLE) firstSeenAt!: Date | null;
  @Field(() => DateTimeResolver, NULLABLE) lastSeenAt!: Date | null;
}

@ObjectType()
class DeviceInfo {
  @Field(() => String) visitorId!: string;
  @Field(() => String, NULLABLE) ipAddress!: string | null;
  @Field(() => String, NULLABLE) ipGeoCity!: string | null;
  @Field(() => String, NULLABLE) ipGeoRegion!: string | null;
  @Field(() => String, NULLABLE) ipGeoCountry!: string | null;
  @Field(() => DeviceAttributeDetails, NULLABLE) visitorIdDetails!: DeviceAttributeDetails | null;
  @Field(() => DeviceAttributeDetails, NULLABLE) ipAddressDetails!: DeviceAttributeDetails | null;
  @Field(() => DeviceAttributeDetails, NULLABLE) ipGeoCountryDetails!: DeviceAttributeDetails | null;
}

@InterfaceType()
abstract class ExchangeOutcome {
  @Field(() => String) requestId!: string;
  @Field(() => Member) member!: Member;
  @Field(() => Organization) organization!: Organization;
  @Field(() => DeviceInfo, NULLABLE) device!: DeviceInfo | null;
}

@ObjectType({ implements: ExchangeOutcome })
class AuthenticatedSession extends ExchangeOutcome {
  @Field(() => String, NULLABLE) sessionToken!: string | null;
  @Field(() => String, NULLABLE) sessionJwt!: string | null;
  @Field(() => MemberSession) session!: MemberSession;
}

@ObjectType({ implements: ExchangeOutcome })
class MfaChallenge extends ExchangeOutcome {
  @Field(() => String, NULLABLE) intermediateSessionToken!: string | null;
  @Field(() => DateTimeResolver) expiresAt!: Date;
  @Field(() => String, NULLABLE) phoneNumber!: string | null;
  @Field(() => Boolean) totpRegistered!: boolean;
  @Field(() => Boolean) smsCodeSent!: boolean;
  @Field(() => [MfaMethod]) availableMethods!: MfaMethod[];
}

@ObjectType({ implements: ExchangeOutcome })
class PrimaryAuthRequired extends ExchangeOutcome {
  @Field(() => String, NULLABLE) intermediateSessionToken!: string | null;
  @Field(() => [String]) allowedAuthMethods!: string[];
}

const ExchangeSessionResult = createUnionType({
  name: "ExchangeSessionResult",
  types: () => [AuthenticatedSession, MfaChallenge, PrimaryAuthRequired] as const,
  resolveType: (value) => (value as { __typename?: string }).__typename,
});

@ObjectType()
class SwitchableOrganization {
  @Field(() => Organization) organization!: Organization;
  @Field(() => Member, NULLABLE) member!: Member | null;
  @Field(() => String) membership!: string;
  @Field(() => Boolean) isCurrent!: boolean;
  @Field(() => ExchangeStep) nextStep!: ExchangeStep;
}

@ObjectType()
class Viewer {
  @Field(() => MemberSession) session!: MemberSession;
  @Field(() => [SwitchableOrganization]) organizations!: SwitchableOrganization[];
}

/** The values every B answer is made of: the BFF's own answers, dates revived as Date objects. */
export interface AnchorBConstants {
  exchangeSession: unknown;
  viewer: unknown;
}

export function buildAnchorBSchema(constants: AnchorBConstants): GraphQLSchema {
  @Resolver()
  class ConstantResolver {
    @Query(() => Viewer, NULLABLE)
    viewer(): unknown {
      return constants.viewer;
    }

    @Mutation(() => ExchangeSessionResult)
    exchangeSession(
      @Arg("orgId", () => ID) _orgId: string,
      @Arg("sessionDurationMinutes", () => Int, NULLABLE) _minutes: number | null,
      @Arg("locale", () => String, NULLABLE) _locale: string | null,
      @Arg("telemetryId", () => String, NULLABLE) _telemetryId: string | null,
      @Arg("customClaims", () => JSONObjectResolver, NULLABLE) _claims: Json | null,
    ): unknown {
      return constants.exchangeSession;
    }
  }
  return buildSchemaSync({ resolvers: [ConstantResolver], validate: false });
}
