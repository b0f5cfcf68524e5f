import { createServer } from "node:http";
import { StytchHttpTransport, type CallSpec } from "../../src/stytch/http-transport";
import { listenOnLoopback, readBody } from "./http-helpers";
import { runChild } from "./ipc";

/**
 * Anchor C: bare node:http making the operation's one Stytch call through the BFF's own transport
 * (StytchHttpTransport: undici keep-alive pool, breakers, concurrency limit, deadline) and answering Stytch's JSON.
 * One upstream hop with nothing of GraphQL: what the BFF adds over it is Apollo, type-graphql and our code.
 */
export interface AnchorCInit {
  baseUrl: string;
  projectId: string;
  secret: string;
  deadlineMs: number;
  maxConnections: number;
  /** The Stytch call to make, by request path (/exchangeSession, /viewer.organizations). */
  calls: Record<string, CallSpec>;
}

runChild<AnchorCInit>(async ({ calls, ...options }) => {
  const transport = new StytchHttpTransport(options);
  const server = createServer(async (req, res) => {
    await readBody(req);
    const spec = calls[req.url ?? ""];
    if (!spec) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = JSON.stringify(await transport.call(spec));
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(body);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(error));
    }
  });
  server.keepAliveTimeout = 65_000;
  return listenOnLoopback(server);
});
