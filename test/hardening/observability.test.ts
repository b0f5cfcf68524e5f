import { post } from "../support/http";
import { growth, scrape, series } from "../support/metrics";
import { startStack, type Stack } from "../support/start-stack";

const EXCHANGE = "/v1/b2b/sessions/exchange";
const MEMBERS_SEARCH = "/v1/b2b/organizations/members/search";
const ORGANIZATIONS_SEARCH = "/v1/b2b/organizations/search";
/** The Stytch routes these tests reach, by the endpoint name their metrics carry. */
const ENDPOINTS: Record<string, string> = {
  [EXCHANGE]: "sessions.exchange",
  "/v1/b2b/sessions/authenticate": "sessions.authenticate",
  [ORGANIZATIONS_SEARCH]: "organizations.search",
  [MEMBERS_SEARCH]: "members.search",
};
const TYPENAME_OK = { operation: "query:__typename", outcome: "ok" };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logLevel: "info" });
});
afterAll(() => stack.stop());

const base = () => stack.url.replace(/\/graphql$/, "");

describe("observability", () => {
  it("logs one JSON line per request with id, operation, outcome, duration and Stytch calls", async () => {
    stack.logs.length = 0;
    const answer = await stack.gql(
      `mutation { exchangeSession(orgId: "globex") { __typename } }`,
      {},
      stack.emulator.demoSessions.ada.sessionToken,
    );
    const lines = stack.requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: answer.headers.get("x-request-id"),
      operation: "mutation:exchangeSession",
      outcome: "mfa_required",
      status: 200,
      upstreamCalls: 1,
      upstream: [
        {
          endpoint: "sessions.exchange",
          status: 200,
          stytchRequestId: expect.stringMatching(/^request-id-test-/),
        },
      ],
    });
    expect(typeof lines[0].durationMs).toBe("number");
  });

  it("serves Prometheus metrics: requests by operation and outcome, upstream calls, batch sizes, breaker state", async () => {
    // Counted exactly: each series must grow by what this test did, and by nothing else.
    const VIEWERS = 3;
    const REFUSED = 2;
    const before = await scrape(stack.metricsUrl);
    stack.emulator.clearRequestLog();
    for (let i = 0; i < VIEWERS; i++) {
      const answer = await stack.gql(
        `{ viewer { session { organization { name } member { name } } } }`,
        {},
        stack.emulator.demoSessions.bob.sessionJwt,
      );
      expect(answer.body.errors).toBeUndefined();
    }
    for (let i = 0; i < REFUSED; i++) {
      const answer = await stack.gql(
        `mutation { exchangeSession(orgId: "nope") { __typename } }`,
        {},
        stack.emulator.demoSessions.bob.sessionToken,
      );
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    // The JWKS is fetched by the JWT verifier (jose), not by the transport that the metrics count.
    const stytchSaw = stack.emulator.requestLog().filter((entry) => !entry.route?.includes("/jwks/"));
    const after = await scrape(stack.metricsUrl);
    const grew = (name: string, labels: Record<string, string>) =>
      growth(before.samples, after.samples, name, labels);

    expect(after.status).toBe(200);
    expect(after.contentType).toMatch(/text\/plain/);
    const viewerOk = { operation: "query:viewer", outcome: "ok" };
    const exchangeForbidden = { operation: "mutation:exchangeSession", outcome: "FORBIDDEN" };
    expect(grew("bff_requests_total", viewerOk)).toBe(VIEWERS);
    expect(grew("bff_requests_total", exchangeForbidden)).toBe(REFUSED);
    expect(grew("bff_request_duration_seconds_count", viewerOk)).toBe(VIEWERS);
    expect(grew("bff_request_duration_seconds_bucket", { ...viewerOk, le: "+Inf" })).toBe(VIEWERS);
    expect(grew("bff_request_duration_seconds_sum", viewerOk)).toBeGreaterThan(0);
    expect(grew("bff_request_duration_seconds_count", exchangeForbidden)).toBe(REFUSED);
    // Every call Stytch saw, counted once under its endpoint and the status it got; one search per batch.
    const callsTo = (route: string) => stytchSaw.filter((entry) => entry.route === route);
    expect(callsTo(MEMBERS_SEARCH).length).toBeGreaterThan(0);
    expect(callsTo(ORGANIZATIONS_SEARCH).length).toBeGreaterThan(0);
    expect(callsTo(EXCHANGE).map((entry) => entry.status)).toEqual(Array(REFUSED).fill(404));
    for (const entry of stytchSaw) expect(Object.keys(ENDPOINTS)).toContain(entry.route);
    for (const [route, endpoint] of Object.entries(ENDPOINTS)) {
      for (const status of new Set(callsTo(route).map((entry) => String(entry.status)))) {
        const calls = callsTo(route).filter((entry) => String(entry.status) === status).length;
        expect({ endpoint, status, counted: grew("bff_upstream_calls_total", { endpoint, status }) }).toEqual(
          {
            endpoint,
            status,
            counted: calls,
          },
        );
      }
      expect({ endpoint, timed: grew("bff_upstream_call_duration_seconds_count", { endpoint }) }).toEqual({
        endpoint,
        timed: callsTo(route).length,
      });
    }
    expect(grew("bff_dataloader_batch_size_count", { loader: "memberById" })).toBe(
      callsTo(MEMBERS_SEARCH).length,
    );
    expect(grew("bff_dataloader_batch_size_count", { loader: "organizationById" })).toBe(
      callsTo(ORGANIZATIONS_SEARCH).length,
    );
    expect(after.samples.get(series("bff_circuit_breaker_state", { group: "sessions" }))).toBe(0);
  });

  it("reports a breaker's state as it changes: open (2) after failures, closed (0) once a trial succeeds", async () => {
    const breaker = () =>
      scrape(stack.metricsUrl).then(({ samples }) =>
        samples.get(series("bff_circuit_breaker_state", { group: "sessions" })),
      );
    const exchange = () =>
      stack.gql(
        `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
        {},
        stack.emulator.demoSessions.ada.sessionToken,
      );
    expect(await breaker()).toBe(0);
    // The shipped threshold: 5 failures in a row.
    stack.emulator.injectFault({ path: EXCHANGE, status: 503, times: 5 });
    for (let i = 0; i < 5; i++)
      expect((await exchange()).body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(await breaker()).toBe(2);
    stack.breakerClock.advance(5_000);
    expect((await exchange()).body.errors).toBeUndefined();
    expect(await breaker()).toBe(0);
  });

  it("bounds metric labels: a client's operation name never becomes one", async () => {
    const before = await scrape(stack.metricsUrl);
    await post(stack.url, { query: "query AttackerChosenName12345 { __typename }" });
    const after = await scrape(stack.metricsUrl);
    // Counted under the root fields it selects.
    expect(growth(before.samples, after.samples, "bff_requests_total", TYPENAME_OK)).toBe(1);
    expect(after.text).not.toContain("AttackerChosenName12345");
  });

  it("serves metrics only on the metrics listener: the public port answers 404 for /metrics", async () => {
    const response = await fetch(`${base()}/metrics`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
    expect(text).not.toContain("bff_requests_total");
    const scraped = await scrape(stack.metricsUrl);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain("bff_requests_total");
    // The metrics listener serves nothing else, GraphQL least of all.
    expect((await fetch(stack.metricsUrl.replace(/\/metrics$/, "/graphql"))).status).toBe(404);
  });

  it("logs the route from a closed set, never the path a client sent", async () => {
    stack.logs.length = 0;
    const response = await fetch(`${base()}/secret-token-abc123?x=secret-token-abc123`);
    expect(response.status).toBe(404);
    await stack.gql("{ __typename }");
    const lines = stack.requestLines();
    expect(lines.map((line) => line.route)).toEqual(["other", "/graphql"]);
    expect(stack.logs.join("\n")).not.toContain("secret-token-abc123");
  });

  it("answers liveness and readiness without asking Stytch", async () => {
    stack.emulator.clearRequestLog();
    stack.emulator.injectFault({ path: "/v1/b2b/sessions/authenticate", status: 503, times: 100 });
    for (const path of ["/livez", "/readyz"]) {
      const response = await fetch(base() + path);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    }
    expect(stack.emulator.requestLog()).toHaveLength(0);
    stack.emulator.clearFaults();
  });
});
