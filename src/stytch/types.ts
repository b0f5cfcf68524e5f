/**
 * The Stytch B2B domain as the rest of the BFF sees it: camelCase, `null` instead of Stytch's empty-string
 * sentinels, Dates instead of RFC 3339 strings. Open-ended Stytch vocabularies (statuses, methods, factor
 * types, role sources) stay plain strings so that a value Stytch adds later passes through unharmed.
 */

export type JsonObject = Record<string, unknown>;

export interface Organization {
  id: string;
  name: string;
  slug: string;
  logoUrl: string | null;
  externalId: string | null;
  trustedMetadata: JsonObject | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  authMethods: string;
  allowedAuthMethods: string[];
  mfaPolicy: string;
  mfaMethods: string;
  allowedMfaMethods: string[];
  ssoJitProvisioning: string;
  ssoJitProvisioningAllowedConnections: string[];
  ssoActiveConnections: SsoConnection[];
  ssoDefaultConnectionId: string | null;
  scimActiveConnection: ScimConnection | null;
  emailAllowedDomains: string[];
  emailJitProvisioning: string;
  emailInvites: string;
  claimedEmailDomains: string[];
  oauthTenantJitProvisioning: string;
  allowedOauthTenants: JsonObject | null;
  rbacEmailImplicitRoleAssignments: EmailImplicitRoleAssignment[];
  customRoles: CustomRole[];
  firstPartyConnectedAppsAllowedType: string;
  allowedFirstPartyConnectedApps: string[];
  thirdPartyConnectedAppsAllowedType: string;
  allowedThirdPartyConnectedApps: string[];
}

export interface SsoConnection {
  connectionId: string;
  displayName: string;
  identityProvider: string;
}

export interface ScimConnection {
  connectionId: string;
  displayName: string;
  bearerTokenLastFour: string;
  bearerTokenExpiresAt: Date | null;
}

export interface EmailImplicitRoleAssignment {
  domain: string;
  roleId: string;
}

export interface CustomRole {
  roleId: string;
  description: string;
  permissions: RolePermission[];
}

export interface RolePermission {
  resourceId: string;
  actions: string[];
}

export interface Member {
  id: string;
  organizationId: string;
  email: string;
  emailVerified: boolean;
  name: string;
  status: string;
  isAdmin: boolean;
  isBreakglass: boolean;
  isLocked: boolean;
  lockCreatedAt: Date | null;
  lockExpiresAt: Date | null;
  mfaEnrolled: boolean;
  mfaPhoneNumber: string | null;
  mfaPhoneNumberVerified: boolean;
  defaultMfaMethod: string | null;
  totpRegistrationId: string | null;
  passwordId: string | null;
  roles: MemberRole[];
  ssoRegistrations: SsoRegistration[];
  oauthRegistrations: OAuthRegistration[];
  scimRegistration: ScimRegistration | null;
  retiredEmailAddresses: RetiredEmail[];
  externalId: string | null;
  trustedMetadata: JsonObject | null;
  untrustedMetadata: JsonObject | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface MemberRole {
  roleId: string;
  sources: MemberRoleSource[];
}

export interface MemberRoleSource {
  type: string;
  details: JsonObject | null;
}

export interface SsoRegistration {
  connectionId: string;
  externalId: string;
  registrationId: string;
  ssoAttributes: JsonObject | null;
}

export interface OAuthRegistration {
  providerType: string;
  providerSubject: string;
  registrationId: string;
  profilePictureUrl: string | null;
  locale: string | null;
}

export interface ScimRegistration {
  connectionId: string;
  registrationId: string;
  externalId: string | null;
  scimAttributes: JsonObject | null;
}

export interface RetiredEmail {
  emailId: string;
  emailAddress: string;
}

export interface MemberSession {
  id: string;
  memberId: string;
  organizationId: string;
  organizationSlug: string;
  startedAt: Date;
  lastAccessedAt: Date;
  expiresAt: Date;
  roles: string[];
  authenticationFactors: AuthenticationFactor[];
  customClaims: JsonObject | null;
}

export interface AuthenticationFactor {
  type: string;
  deliveryMethod: string;
  lastAuthenticatedAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** From `email_factor`, when the factor proved an email address. */
  emailAddress: string | null;
  /** From `phone_number_factor`, when the factor proved a phone number. */
  phoneNumber: string | null;
  /** Every `*_factor` sub-object Stytch sent, by its camelCased name (`samlSsoFactor`, ...), keys camelCased. */
  details: JsonObject | null;
}

export interface DeviceAttributeDetails {
  isNew: boolean;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

export interface DeviceInfo {
  visitorId: string;
  visitorIdDetails: DeviceAttributeDetails | null;
  ipAddress: string | null;
  ipAddressDetails: DeviceAttributeDetails | null;
  ipGeoCity: string | null;
  ipGeoRegion: string | null;
  ipGeoCountry: string | null;
  ipGeoCountryDetails: DeviceAttributeDetails | null;
}

/** A fully authenticated member session and the credentials that prove it. */
export interface IssuedSession {
  session: MemberSession;
  sessionToken: string;
  sessionJwt: string;
}

interface OutcomeBase {
  /** Stytch's request id, logged beside ours. */
  stytchRequestId: string;
  member: Member;
  organization: Organization;
  device: DeviceInfo | null;
}

export interface AuthenticatedOutcome extends OutcomeBase, IssuedSession {
  kind: "authenticated";
}

export interface MfaRequiredOutcome extends OutcomeBase {
  kind: "mfa_required";
  intermediateSessionToken: string;
  intermediateSessionExpiresAt: Date;
  /** Masked, exactly as Stytch put it in `mfa_required.member_options`; null when the member has none. */
  maskedPhoneNumber: string | null;
  totpRegistrationId: string | null;
  smsCodeSent: boolean;
}

export interface PrimaryRequiredOutcome extends OutcomeBase {
  kind: "primary_required";
  intermediateSessionToken: string;
  intermediateSessionExpiresAt: Date;
  allowedAuthMethods: string[];
}

/** The three things Stytch's exchange can answer with HTTP 200, told apart. */
export type ExchangeAnswer = AuthenticatedOutcome | MfaRequiredOutcome | PrimaryRequiredOutcome;

/** What an exchange into an organization would answer, as Stytch's discovery predicts it. */
export type PredictedStep = "authenticated" | "mfa_required" | "primary_required";

export interface DiscoveredOrganization {
  organization: Organization;
  /** active_member, pending_member, invited_member, or a membership type Stytch adds later. */
  membershipType: string;
  member: Member | null;
  nextStep: PredictedStep;
}
