import "reflect-metadata";
import { createServer } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildAnchorBSchema, type AnchorBConstants } from "../anchor-b/schema";
import { listenOnLoopback, readBody } from "./http-helpers";
import { runChild } from "./ipc";

/**
 * Anchor B: Apollo Server 5 + type-graphql answering the same selections from constants, through the
 * thinnest node:http integration (read, parse, execute, write). The floor of GraphQL on this stack; what the
 * BFF adds over it (for viewer with a JWT: JWT verification, context, logging, metrics) is ours.
 */
export interface AnchorBInit {
  /** The BFF's `data` of each operation, as JSON. */
  exchangeSession: unknown;
  viewer: unknown;
}

runChild<AnchorBInit>(async (init) => {
  const constants: AnchorBConstants = revive(init) as AnchorBConstants;
  const apollo = new ApolloServer({
    schema: buildAnchorBSchema(constants),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "POST", headers, search: "", body: JSON.parse(text) },
      context: async () => ({}),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (response.body.kind === "complete") res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  });
  server.keepAliveTimeout = 65_000;
  return listenOnLoopback(server);
});

/** Every DateTime field of these selections is named *At: give the scalar Dates, as the BFF's domain does. */
function revive(value: unknown, key = ""): unknown {
  if (typeof value === "string" && key.endsWith("At")) return new Date(value);
  if (Array.isArray(value)) return value.map((item) => revive(item));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, revive(item, name)]));
  }
  return value;
}
