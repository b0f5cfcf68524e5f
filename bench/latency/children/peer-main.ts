import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { B2BClient } from "stytch";
import { runChild } from "../../children/ipc";
import { createPeerContext, type PeerContext } from "../peer/context";
import { buildPeerSchema } from "../peer/schema";

/**
 * The naive peer: Apollo Server 5's standalone server (its quickstart), type-graphql, and the official stytch
 * SDK on its default fetch (no connection cap), with `env` pointed at the upstream (the SDK's
 * `custom_base_url` refuses plain http; `env` takes any origin, with a console warning).
 */
export interface PeerInit {
  baseUrl: string;
  projectId: string;
  secret: string;
}

runChild<PeerInit>(async (init) => {
  const stytch = new B2BClient({ project_id: init.projectId, secret: init.secret, env: `${init.baseUrl}/` });
  const apollo = new ApolloServer<PeerContext>({ schema: await buildPeerSchema() });
  const { url } = await startStandaloneServer(apollo, {
    listen: { port: 0, host: "127.0.0.1" },
    context: ({ req }) => createPeerContext(stytch, req.headers.authorization),
  });
  return Number(new URL(url).port);
});
