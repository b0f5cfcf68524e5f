/** GraphQL documents the tests send, written as a frontend would. */

/** Every field the exchange can reach, including the loader-resolved ones (shared with the benchmarks). */
export { EXCHANGE_SELECTION as EXCHANGE_FULL } from "../../bench/operations";

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
