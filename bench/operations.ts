/**
 * The three operations the bench loads, sent byte for byte the same to every GraphQL server.
 * EXCHANGE_SELECTION is also the tests' EXCHANGE_FULL (test/support/operations.ts re-exports it): one copy,
 * here, because the Docker build compiles bench/ without test/.
 */

export type OperationName = "exchangeSession" | "viewer" | "viewer.organizations";
export const OPERATIONS: readonly OperationName[] = ["exchangeSession", "viewer", "viewer.organizations"];

const MEMBER_FIELDS = `
  id organizationId email emailVerified name status isAdmin isBreakglass isLocked lockCreatedAt lockExpiresAt
  mfaEnrolled mfaPhoneNumber mfaPhoneNumberVerified defaultMfaMethod totpRegistrationId passwordId externalId
  trustedMetadata untrustedMetadata createdAt updatedAt
  roles { roleId sources { type details } }
  ssoRegistrations { connectionId externalId registrationId ssoAttributes }
  oauthRegistrations { providerType providerSubject registrationId profilePictureUrl locale }
  scimRegistration { connectionId registrationId externalId scimAttributes }
  retiredEmailAddresses { emailId emailAddress }
`;

const ORGANIZATION_FIELDS = `
  id name slug logoUrl externalId trustedMetadata createdAt updatedAt authMethods allowedAuthMethods mfaPolicy
  mfaMethods allowedMfaMethods ssoJitProvisioning ssoJitProvisioningAllowedConnections
  ssoActiveConnections { connectionId displayName identityProvider } ssoDefaultConnectionId
  scimActiveConnection { connectionId displayName bearerTokenLastFour bearerTokenExpiresAt }
  emailAllowedDomains emailJitProvisioning emailInvites claimedEmailDomains oauthTenantJitProvisioning
  allowedOauthTenants rbacEmailImplicitRoleAssignments { domain roleId }
  customRoles { roleId description permissions { resourceId actions } }
  firstPartyConnectedAppsAllowedType allowedFirstPartyConnectedApps thirdPartyConnectedAppsAllowedType
  allowedThirdPartyConnectedApps
`;

const SESSION_FIELDS = `
  id memberId organizationId organizationSlug startedAt lastAccessedAt expiresAt roles customClaims
  authenticationFactors { type deliveryMethod lastAuthenticatedAt createdAt updatedAt emailAddress phoneNumber details }
`;

const DEVICE_FIELDS = `
  visitorId ipAddress ipGeoCity ipGeoRegion ipGeoCountry
  visitorIdDetails { isNew firstSeenAt lastSeenAt } ipAddressDetails { isNew firstSeenAt lastSeenAt }
  ipGeoCountryDetails { isNew firstSeenAt lastSeenAt }
`;

/** Every field the exchange can reach, including the loader-resolved ones. */
export const EXCHANGE_SELECTION = `
  mutation Switch($orgId: ID!, $sessionDurationMinutes: Int, $locale: String, $telemetryId: String) {
    exchangeSession(orgId: $orgId, sessionDurationMinutes: $sessionDurationMinutes, locale: $locale, telemetryId: $telemetryId) {
      __typename
      ... on ExchangeOutcome {
        requestId
        member { ${MEMBER_FIELDS} organization { id name } }
        organization { ${ORGANIZATION_FIELDS} }
        device { ${DEVICE_FIELDS} }
      }
      ... on AuthenticatedSession {
        sessionToken sessionJwt
        session { ${SESSION_FIELDS} member { id email organization { slug } } organization { id slug } }
      }
      ... on MfaChallenge {
        intermediateSessionToken expiresAt phoneNumber totpRegistered smsCodeSent availableMethods
      }
      ... on PrimaryAuthRequired { intermediateSessionToken allowedAuthMethods }
    }
  }
`;

export const VIEWER_SELECTION = `{ viewer { session { id memberId organizationId expiresAt roles authenticationFactors { type deliveryMethod } } } }`;

export const VIEWER_ORGANIZATIONS_SELECTION = `{ viewer { organizations { organization { name } member { roles { roleId } } nextStep } } }`;

export interface HttpRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What a mobile client sends: a JSON POST with `Authorization: Bearer` (no cookies, no CORS). */
export function graphqlRequest(
  query: string,
  variables: Record<string, unknown>,
  bearer: string,
): HttpRequest {
  return {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  };
}
