import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { possibleTypes } from "./generated/possible-types";

export interface ApolloClientOptions {
  /** The BFF's GraphQL endpoint, e.g. https://bff.example.com/graphql. */
  uri: string;
  /**
   * Mobile only: the stored session token or session JWT (Keychain, Keystore), read before every request so a
   * token stored after a switch is used at once. Omit it on the web, where HttpOnly cookies carry the session.
   */
  getBearer?: () => string | null | undefined | Promise<string | null | undefined>;
}

/**
 * Viewer has no id: it is whoever the session is, one at a time per client. Queries select different parts of
 * it (Viewer, SwitchableOrganizations), so merging keeps both instead of dropping one with a warning. A new
 * session never mixes with the old one's fields: member, organization and session are normalized by id and
 * replaced, and signing out must call clearStore (a viewer that turns null is replaced outright).
 */
const TYPE_POLICIES = { Viewer: { merge: true } };

/** The Apollo Client both README setups (web and mobile) point to. */
export function createApolloClient({ uri, getBearer }: ApolloClientOptions): ApolloClient {
  // The web sends and receives the BFF's HttpOnly cookies cross-origin; a mobile app sends none, so a stray
  // cookie jar in the runtime cannot mix another session into its bearer requests.
  const http = new HttpLink({ uri, credentials: getBearer ? "omit" : "include" });
  const link = getBearer
    ? new SetContextLink(async ({ headers }) => {
        const token = await getBearer();
        return token ? { headers: { ...headers, authorization: `Bearer ${token}` } } : {};
      }).concat(http)
    : http;
  return new ApolloClient({
    link,
    // Without possibleTypes the cache cannot know that MfaChallenge (or any outcome) is an ExchangeOutcome, so
    // it writes and reads nothing selected through `... on ExchangeOutcome`: member and organization vanish.
    cache: new InMemoryCache({ possibleTypes, typePolicies: TYPE_POLICIES }),
  });
}
