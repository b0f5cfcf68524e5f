import { registerEnumType } from "type-graphql";

export enum ExchangeStep {
  AUTHENTICATED = "AUTHENTICATED",
  MFA_REQUIRED = "MFA_REQUIRED",
  PRIMARY_AUTH_REQUIRED = "PRIMARY_AUTH_REQUIRED",
}

registerEnumType(ExchangeStep, {
  name: "ExchangeStep",
  description:
    "What exchangeSession into an organization would answer, predicted by Stytch without sending anything.",
  valuesConfig: {
    AUTHENTICATED: { description: "A new session at once (AuthenticatedSession)." },
    MFA_REQUIRED: { description: "An MFA challenge first (MfaChallenge); switching may send an SMS code." },
    PRIMARY_AUTH_REQUIRED: { description: "A new primary login first, e.g. SSO (PrimaryAuthRequired)." },
  },
});
