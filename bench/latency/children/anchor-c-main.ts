import { createServer } from "node:http";
import { Agent, request } from "undici";
import { listenOnLoopback, readBody } from "../../children/http-helpers";
import { runChild } from "../../children/ipc";

/**
 * Anchor C of the latency bench: bare node:http making a page load's Stytch calls (sessions.authenticate and
 * discovery, in parallel) or an exchange's one, through undici on a pool with no connection cap, and answering
 * the JSON. No GraphQL, no limiter, no cache: the most throughput and the least latency these calls allow, which
 * a BFF that must call Stytch can only approach (a BFF that need not call it can beat).
 */
export interface LatencyAnchorCInit {
  baseUrl: string;
  projectId: string;
  secret: string;
  exchangeOrganizationId: string;
}

type Json = Record<string, unknown>;

runChild<LatencyAnchorCInit>(async (init) => {
  const agent = new Agent({ connections: null, keepAliveTimeout: 30_000 });
  const authorization = "Basic " + Buffer.from(`${init.projectId}:${init.secret}`).toString("base64");
  const call = async (path: string, body: Json): Promise<Json> => {
    const response = await request(init.baseUrl + path, {
      dispatcher: agent,
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.body.json()) as Json;
    if (response.statusCode !== 200) throw new Error(`${path}: HTTP ${response.statusCode}`);
    return answer;
  };
  const routes: Record<string, (bearer: string) => Promise<Json>> = {
    "/pageLoad": async (jwt) => {
      const [session, discovery] = await Promise.all([
        call("/v1/b2b/sessions/authenticate", { session_jwt: jwt }),
        call("/v1/b2b/discovery/organizations", { session_jwt: jwt }),
      ]);
      return {
        member: session.member,
        organization: session.organization,
        organizations: discovery.discovered_organizations,
      };
    },
    "/exchange": (token) =>
      call("/v1/b2b/sessions/exchange", {
        organization_id: init.exchangeOrganizationId,
        session_token: token,
      }),
  };
  const server = createServer(async (req, res) => {
    await readBody(req);
    const route = routes[req.url ?? ""];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!route || !bearer) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = JSON.stringify(await route(bearer));
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(body);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(error));
    }
  });
  server.keepAliveTimeout = 65_000;
  return listenOnLoopback(server);
});
