import { gql } from "@apollo/client";

export const SWITCH = gql`
  mutation Switch($orgId: ID!) {
    exchangeSession(orgId: $orgId) {
      __typename
      ... on ExchangeOutcome {
        requestId
        member {
          id
          email
        }
        organization {
          id
          slug
        }
      }
      ... on AuthenticatedSession {
        sessionToken
        sessionJwt
        session {
          id
          organizationId
          expiresAt
        }
      }
      ... on MfaChallenge {
        intermediateSessionToken
        expiresAt
        phoneNumber
        smsCodeSent
        totpRegistered
        availableMethods
      }
      ... on PrimaryAuthRequired {
        intermediateSessionToken
        allowedAuthMethods
      }
    }
  }
`;

export const COMPLETE_MFA = gql`
  mutation Complete($orgId: ID!, $memberId: ID!, $method: MfaMethod!, $code: String!, $ist: String) {
    completeMfa(
      orgId: $orgId
      memberId: $memberId
      method: $method
      code: $code
      intermediateSessionToken: $ist
    ) {
      __typename
      sessionToken
      sessionJwt
      member {
        id
      }
      organization {
        slug
      }
      session {
        id
        organizationId
        expiresAt
        authenticationFactors {
          type
          deliveryMethod
        }
      }
    }
  }
`;

export const RESEND_SMS = gql`
  mutation Resend($orgId: ID!, $memberId: ID!, $ist: String) {
    sendMfaSmsCode(orgId: $orgId, memberId: $memberId, intermediateSessionToken: $ist) {
      __typename
      smsCodeSent
      phoneNumber
      availableMethods
      intermediateSessionToken
    }
  }
`;

export const VIEWER = gql`
  query Viewer {
    viewer {
      member {
        id
        email
      }
      organization {
        slug
      }
      session {
        id
        organizationId
      }
    }
  }
`;

export const SIGN_OUT = gql`
  mutation SignOut {
    signOut
  }
`;
