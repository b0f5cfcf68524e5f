import { createApolloClient } from "../../../client/apollo";

// Same origin as the page: the dev server (or your reverse proxy) forwards /graphql to the BFF. No token is
// ever handled here: the browser sends and stores the BFF's HttpOnly cookies by itself.
export const client = createApolloClient({ uri: "/graphql" });
