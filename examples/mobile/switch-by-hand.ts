// A mobile app switching organizations without a GraphQL client: one POST with a bearer token. docs/frontend.md
// shows the region below; test/e2e/apollo-client.test.ts runs this function against the BFF and the emulator.
import type { SecureStore } from "./switch-with-mfa";

// #region switch-by-hand
const SWITCH = `mutation ($orgId: ID!) {
  exchangeSession(orgId: $orgId) {
    __typename
    ... on AuthenticatedSession { sessionToken }
    ... on MfaChallenge { intermediateSessionToken member { id } organization { id } }
  }
}`;

export async function switchByHand(uri: string, secureStore: SecureStore, orgId: string) {
  const response = await fetch(uri, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await secureStore.get("session")}`,
    },
    body: JSON.stringify({ query: SWITCH, variables: { orgId } }),
  });
  const { data, errors } = (await response.json()) as GraphQLAnswer;
  if (errors) throw new Error(errors[0].extensions?.code ?? errors[0].message);
  const outcome = data.exchangeSession;
  if (outcome.__typename === "AuthenticatedSession") await secureStore.set("session", outcome.sessionToken);
  // MfaChallenge: completeMfa(…, intermediateSessionToken: outcome.intermediateSessionToken) finishes it.
  return outcome;
}
// #endregion switch-by-hand

/** What a GraphQL-over-HTTP answer holds, as far as this example reads it. */
interface GraphQLAnswer {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the example reads the answer untyped
  data: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
