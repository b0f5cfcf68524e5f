import { startStack, type Stack } from "../support/start-stack";

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
    const lines = stack.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "request");
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
    await stack.gql(
      `{ viewer { session { organization { name } member { name } } } }`,
      {},
      stack.emulator.demoSessions.bob.sessionJwt,
    );
    await stack.gql(
      `mutation { exchangeSession(orgId: "nope") { __typename } }`,
      {},
      stack.emulator.demoSessions.bob.sessionToken,
    );
    const response = await fetch(stack.metricsUrl);
    const text = await response.text();
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    expect(text).toMatch(/bff_requests_total\{operation="mutation:exchangeSession",outcome="FORBIDDEN"\} 1/);
    expect(text).toMatch(
      /bff_request_duration_seconds_bucket\{le="[^"]+",operation="query:viewer",outcome="ok"\}/,
    );
    expect(text).toMatch(/bff_upstream_calls_total\{endpoint="organizations.search",status="200"\} \d+/);
    expect(text).toMatch(/bff_dataloader_batch_size_count\{loader="memberById"\} \d+/);
    expect(text).toMatch(/bff_circuit_breaker_state\{group="sessions"\} 0/);
  });

  it("bounds metric labels: a client's operation name never becomes one", async () => {
    await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query AttackerChosenName12345 { __typename }" }),
    });
    expect(await (await fetch(stack.metricsUrl)).text()).not.toContain("AttackerChosenName12345");
  });

  it("serves metrics only on the metrics listener: the public port answers 404 for /metrics", async () => {
    const response = await fetch(`${base()}/metrics`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
    expect(text).not.toContain("bff_requests_total");
    const scrape = await fetch(stack.metricsUrl);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("bff_requests_total");
    // The metrics listener serves nothing else, GraphQL least of all.
    expect((await fetch(stack.metricsUrl.replace(/\/metrics$/, "/graphql"))).status).toBe(404);
  });

  it("logs the route from a closed set, never the path a client sent", async () => {
    stack.logs.length = 0;
    const response = await fetch(`${base()}/secret-token-abc123?x=secret-token-abc123`);
    expect(response.status).toBe(404);
    await stack.gql("{ __typename }");
    const lines = stack.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "request");
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
