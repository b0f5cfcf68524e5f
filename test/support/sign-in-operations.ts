import { gql } from "@apollo/client";

/** What every sign-in step that ends in the exchange's outcomes selects. */
const OUTCOME = `
  __typename
  ... on ExchangeOutcome { member { id email name } organization { id slug name } }
  ... on AuthenticatedSession { sessionToken sessionJwt session { id organizationId expiresAt authenticationFactors { type deliveryMethod } } }
  ... on MfaChallenge { intermediateSessionToken phoneNumber smsCodeSent availableMethods }
  ... on PrimaryAuthRequired {
    intermediateSessionToken allowedAuthMethods
    ssoConnections { connectionId displayName identityProvider startUrl }
  }
`;

export const SEND_SIGN_IN_CODE = gql`
  mutation SendCode($email: String!, $orgId: ID) {
    sendSignInCode(email: $email, orgId: $orgId)
  }
`;

export const SEND_SIGN_IN_LINK = gql`
  mutation SendLink($email: String!, $orgId: ID) {
    sendSignInLink(email: $email, orgId: $orgId)
  }
`;

const SIGN_IN = `
  email expiresAt intermediateSessionToken
  organizations { organization { id slug name } member { id email mfaPhoneNumber } membership isCurrent nextStep }
`;

export const SIGN_IN_WITH_CODE = gql`
  mutation SignInWithCode($email: String!, $code: String!) {
    signInWithCode(email: $email, code: $code) { ${SIGN_IN} }
  }
`;

export const SIGN_IN_WITH_LINK = gql`
  mutation SignInWithLink($token: String!) {
    signInWithLink(token: $token) { ${SIGN_IN} }
  }
`;

export const ENTER_ORGANIZATION = gql`
  mutation Enter($orgId: ID!, $ist: String) {
    enterOrganization(orgId: $orgId, intermediateSessionToken: $ist) { ${OUTCOME} }
  }
`;

export const SWITCH_TO = gql`
  mutation SwitchTo($orgId: ID!) {
    exchangeSession(orgId: $orgId) { ${OUTCOME} }
  }
`;

export const COMPLETE_PRIMARY_WITH_CODE = gql`
  mutation PrimaryByCode($orgId: ID!, $email: String!, $code: String!, $ist: String) {
    completePrimaryAuthWithCode(orgId: $orgId, email: $email, code: $code, intermediateSessionToken: $ist) {
      ${OUTCOME}
    }
  }
`;

export const COMPLETE_PRIMARY_WITH_LINK = gql`
  mutation PrimaryByLink($token: String!, $ist: String) {
    completePrimaryAuthWithLink(token: $token, intermediateSessionToken: $ist) { ${OUTCOME} }
  }
`;

export const COMPLETE_SSO = gql`
  mutation CompleteSso($token: String!, $ist: String) {
    completeSso(token: $token, intermediateSessionToken: $ist) { ${OUTCOME} }
  }
`;
