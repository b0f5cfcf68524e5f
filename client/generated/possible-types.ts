
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "ExchangeOutcome": [
      "AuthenticatedSession",
      "MfaChallenge",
      "PrimaryAuthRequired"
    ],
    "ExchangeSessionResult": [
      "AuthenticatedSession",
      "MfaChallenge",
      "PrimaryAuthRequired"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "ExchangeOutcome": [
      "AuthenticatedSession",
      "MfaChallenge",
      "PrimaryAuthRequired"
    ],
    "ExchangeSessionResult": [
      "AuthenticatedSession",
      "MfaChallenge",
      "PrimaryAuthRequired"
    ]
  }
};
      export default result;
    
export const possibleTypes = result.possibleTypes;
