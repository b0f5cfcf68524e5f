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
    cache: new InMemoryCache({ possibleTypes }),
  });
}
