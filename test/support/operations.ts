/** GraphQL documents the tests send, written as a frontend would. */

export const MEMBER_FIELDS = `
  id organizationId email emailVerified name status isAdmin isBreakglass isLocked lockCreatedAt lockExpiresAt
  mfaEnrolled mfaPhoneNumber mfaPhoneNumberVerified defaultMfaMethod totpRegistrationId passwordId externalId
  trustedMetadata untrustedMetadata createdAt updatedAt
  roles { roleId sources { type details } }
  ssoRegistrations { connectionId externalId registrationId ssoAttributes }
  oauthRegistrations { providerType providerSubject registrationId profilePictureUrl locale }
  scimRegistration { connectionId registrationId externalId scimAttributes }
  retiredEmailAddresses { emailId emailAddress }
`;

export const ORGANIZATION_FIELDS = `
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

export const SESSION_FIELDS = `
  id memberId organizationId organizationSlug startedAt lastAccessedAt expiresAt roles customClaims
  authenticationFactors { type deliveryMethod lastAuthenticatedAt createdAt updatedAt emailAddress phoneNumber details }
`;

const DEVICE_FIELDS = `
  visitorId ipAddress ipGeoCity ipGeoRegion ipGeoCountry
  visitorIdDetails { isNew firstSeenAt lastSeenAt } ipAddressDetails { isNew firstSeenAt lastSeenAt }
  ipGeoCountryDetails { isNew firstSeenAt lastSeenAt }
`;

/** Every field the exchange can reach, including the loader-resolved ones. */
export const EXCHANGE_FULL = `
  mutation Switch($orgId: ID!, $sessionDurationMinutes: Int, $locale: String, $telemetryId: String, $customClaims: JSONObject) {
    exchangeSession(orgId: $orgId, sessionDurationMinutes: $sessionDurationMinutes, locale: $locale, telemetryId: $telemetryId, customClaims: $customClaims) {
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

export const EXCHANGE_BRIEF = `
  mutation Switch($orgId: ID!) {
    exchangeSession(orgId: $orgId) {
      __typename
      ... on ExchangeOutcome { requestId member { id email } organization { id slug } }
      ... on AuthenticatedSession { sessionToken sessionJwt session { id organizationId expiresAt } }
      ... on MfaChallenge { intermediateSessionToken expiresAt phoneNumber totpRegistered smsCodeSent availableMethods }
      ... on PrimaryAuthRequired { intermediateSessionToken allowedAuthMethods }
    }
  }
`;
