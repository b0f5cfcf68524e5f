// A mobile app (React Native or any JavaScript runtime) switching organizations with the shared Apollo Client
// setup. The README shows the region below; test/e2e/apollo-client.test.ts runs this function against the
// BFF and the Stytch emulator. `npm run docs:snippets` copies the region into the README after a change.

// #region switch-with-mfa
import { createApolloClient } from "../../client/apollo";
import {
  CompleteMfaDocument,
  SwitchOrganizationDocument,
  ViewerDocument,
} from "../../client/generated/graphql";

export async function switchWithMfa({ uri, store, orgId, askForSmsCode }: SwitchOptions) {
  // Bearer mode: the stored token is read before every request, so the one stored below is used at once.
  const client = createApolloClient({ uri, getBearer: () => store.get("session") });
  const switched = await client.mutate({ mutation: SwitchOrganizationDocument, variables: { orgId } });
  const outcome = switched.data!.exchangeSession;
  if (outcome.__typename === "PrimaryAuthRequired") {
    throw new Error(
      `sign in to ${outcome.organization.name} first: ${outcome.allowedAuthMethods.join(", ")}`,
    );
  }
  let sessionToken = outcome.__typename === "AuthenticatedSession" ? outcome.sessionToken : null;
  if (outcome.__typename === "MfaChallenge") {
    // Stytch has already texted the code when smsCodeSent is true; resend with sendMfaSmsCode.
    const code = await askForSmsCode(outcome); // show outcome.phoneNumber (masked) to the member
    const done = await client.mutate({
      mutation: CompleteMfaDocument,
      variables: {
        orgId: outcome.organization.id,
        memberId: outcome.member.id,
        method: "SMS_OTP",
        code,
        intermediateSessionToken: outcome.intermediateSessionToken,
      },
    });
    sessionToken = done.data!.completeMfa.sessionToken;
  }
  await store.set("session", sessionToken!); // Keychain / Keystore
  const { data } = await client.query({ query: ViewerDocument, fetchPolicy: "network-only" });
  return data?.viewer; // the member, organization and session just switched into
}
// #endregion switch-with-mfa

/** Where the app keeps its session token: the platform's secure storage (Keychain, Keystore). */
export interface SecureStore {
  get(key: "session"): Promise<string | null>;
  set(key: "session", value: string): Promise<void>;
}

export interface SwitchOptions {
  /** The BFF's GraphQL endpoint, e.g. https://bff.example.com/graphql. */
  uri: string;
  store: SecureStore;
  /** An organization id, slug or external id. */
  orgId: string;
  /** Shows the challenge (its masked phoneNumber) and returns the code the member typed. */
  askForSmsCode: (challenge: { member: { id: string }; phoneNumber?: string | null }) => Promise<string>;
}
