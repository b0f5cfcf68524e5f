import { createServer, type Server } from "node:http";
import type { StytchAnswers } from "../record/stytch-fixture";

/** What reached the upstream: new TCP connections, and requests by route ("unknown" for any other). */
export interface UpstreamCounts {
  connections: number;
  requests: Record<string, number>;
}

export type UpstreamRoute =
  | "sessions.exchange"
  | "sessions.authenticate"
  | "discovery.organizations"
  | "jwks"
  | "members.search"
  | "organizations.search";

/** What the latency bench adds; without options the upstream is the zero-latency replay the main bench uses. */
export interface CannedUpstreamOptions {
  /** Delay before every answer, read per request (a run changes it between phases); by timer, never blocking. */
  latencyMs?: () => number;
  /** More recorded routes, by "METHOD /path". */
  extraRoutes?: Record<string, { route: UpstreamRoute; body: string }>;
  /**
   * An answer made from the request's body (e.g. naming the member its JWT names), or undefined for the
   * recorded bytes. When given, every request body is read before answering.
   */
  personalize?: (route: UpstreamRoute, requestBody: string) => Buffer | undefined;
}

/**
 * A bare node:http "Stytch" that answers every known route with its recorded bytes, whatever the request says
 * (unless `personalize` says otherwise): under load, the bench measures our cost, not the emulator's. It counts
 * what it sees, so that upstream calls per operation and connection reuse come from the far side of the wire,
 * not from the BFF's own account.
 */
export function createCannedUpstream(
  answers: StytchAnswers,
  projectId: string,
  options: CannedUpstreamOptions = {},
): { server: Server; counts: () => UpstreamCounts } {
  const routes = new Map<string, { route: UpstreamRoute; body: Buffer }>([
    ["POST /v1/b2b/sessions/exchange", { route: "sessions.exchange", body: Buffer.from(answers.exchange) }],
    [
      "POST /v1/b2b/sessions/authenticate",
      { route: "sessions.authenticate", body: Buffer.from(answers.authenticate) },
    ],
    [
      "POST /v1/b2b/discovery/organizations",
      { route: "discovery.organizations", body: Buffer.from(answers.discovery) },
    ],
    [`GET /v1/b2b/sessions/jwks/${projectId}`, { route: "jwks", body: Buffer.from(answers.jwks) }],
    ...Object.entries(options.extraRoutes ?? {}).map(
      ([key, { route, body }]) => [key, { route, body: Buffer.from(body) }] as const,
    ),
  ]);
  const notFound = Buffer.from(
    JSON.stringify({ status_code: 404, error_type: "route_not_found", error_message: "canned upstream" }),
  );
  let connections = 0;
  const requests: Record<string, number> = {};
  const { latencyMs = () => 0, personalize } = options;

  const server = createServer((req, res) => {
    const known = routes.get(`${req.method} ${req.url}`);
    const route = known?.route ?? "unknown";
    requests[route] = (requests[route] ?? 0) + 1;
    const chunks: Buffer[] = [];
    if (personalize) req.on("data", (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on("end", () => {
      const mine = known && personalize?.(known.route, Buffer.concat(chunks).toString("utf8"));
      const body = mine ?? known?.body ?? notFound;
      const answer = () => {
        res.writeHead(known ? 200 : 404, {
          "content-type": "application/json",
          "content-length": body.length,
        });
        res.end(body);
      };
      const delay = latencyMs();
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  // Stytch sits behind load balancers that keep idle connections about a minute; Node's default is 5 s.
  server.keepAliveTimeout = 60_000;
  server.on("connection", () => connections++);
  return { server, counts: () => ({ connections, requests: { ...requests } }) };
}
