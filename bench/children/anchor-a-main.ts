import { createServer } from "node:http";
import { listenOnLoopback, readBody } from "./http-helpers";
import { runChild } from "./ipc";

/**
 * Anchor A: bare node:http answering each operation with the BFF's own answer bytes. The ceiling of this
 * machine's HTTP stack and of the load generator; what is left below it is GraphQL and Stytch.
 */
export interface AnchorAInit {
  /** Answer bytes by request path (/exchangeSession, /viewer, /viewer.organizations). */
  answers: Record<string, string>;
}

runChild<AnchorAInit>(async ({ answers }) => {
  const bodies = new Map(Object.entries(answers).map(([path, text]) => [path, Buffer.from(text)]));
  const server = createServer(async (req, res) => {
    await readBody(req);
    const body = bodies.get(req.url ?? "");
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 65_000;
  return listenOnLoopback(server);
});
