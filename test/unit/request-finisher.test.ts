import type { IncomingMessage, ServerResponse } from "node:http";
import { createLogger } from "../../src/logger";
import { Metrics } from "../../src/observability/metrics";
import { createRequestFinisher, type FinishedRequest } from "../../src/observability/request-finisher";
import { newRequestRecord } from "../../src/observability/request-record";
import type { RequestScope } from "../../src/request-scope";
import { listenOnPort0, type LocalServer } from "./listen-on-port-0";

type Handler = (req: IncomingMessage, res: ServerResponse, request: FinishedRequest) => void;

describe("request finisher", () => {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  const metrics = new Metrics();
  const watch = createRequestFinisher({ logger, metrics });
  let finished = 0;
  let handler: Handler = (_req, res) => res.end();
  let server: LocalServer;

  beforeAll(async () => {
    server = await listenOnPort0((req, res) => {
      const scope: RequestScope = { requestId: "req-1", deadline: Date.now() + 1000, upstreamCalls: [] };
      const request = { scope, record: newRequestRecord(), path: (req.url ?? "/").split("?")[0] };
      watch(req, res, request, () => finished++);
      handler(req, res, request);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    lines.length = 0;
    finished = 0;
  });

  const requestLines = () => lines.map((line) => JSON.parse(line)).filter((line) => line.msg === "request");
  const waitFor = async (condition: () => boolean) => {
    for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const count = async (operation: string, outcome: string) => {
    const metric = await metrics.registry.getSingleMetric("bff_requests_total")!.get();
    const value = metric.values.find((v) => v.labels.operation === operation && v.labels.outcome === outcome);
    return value?.value ?? 0;
  };

  it("writes one info line per request: id, route, operation, outcome, status, duration, Stytch calls", async () => {
    handler = (_req, res, { scope, record }) => {
      record.operation = "mutation:exchangeSession";
      record.outcome = "mfa_required";
      scope.upstreamCalls.push({ endpoint: "sessions.exchange", status: 200, stytchRequestId: "stytch-1" });
      setTimeout(() => res.end("{}"), 20);
    };
    const before = await count("mutation:exchangeSession", "mfa_required");
    await (await fetch(`${server.url}/graphql?token=secret`, { method: "POST" })).text();
    await waitFor(() => requestLines().length > 0);
    expect(requestLines()).toEqual([
      expect.objectContaining({
        level: 30,
        requestId: "req-1",
        method: "POST",
        route: "/graphql",
        operation: "mutation:exchangeSession",
        outcome: "mfa_required",
        status: 200,
        upstreamCalls: 1,
        upstream: [{ endpoint: "sessions.exchange", status: 200, stytchRequestId: "stytch-1" }],
        aborted: false,
      }),
    ]);
    expect(requestLines()[0].durationMs).toBeGreaterThanOrEqual(15);
    expect(lines.join("")).not.toContain("secret");
    expect(finished).toBe(1);
    expect(await count("mutation:exchangeSession", "mfa_required")).toBe(before + 1);
  });

  it("logs probes at debug level and counts no metric for a request that ran nothing and ended ok", async () => {
    handler = (_req, res) => res.end('{"status":"ok"}');
    const registry = await metrics.registry.metrics();
    await (await fetch(`${server.url}/readyz`)).text();
    await (await fetch(`${server.url}/anything-else`)).text();
    await waitFor(() => requestLines().length === 2);
    expect(requestLines().map((line) => [line.level, line.route])).toEqual([
      [20, "/readyz"],
      [30, "other"],
    ]);
    expect(await metrics.registry.metrics()).toBe(registry);
  });

  it("counts a refusal that ran no operation under its outcome", async () => {
    handler = (_req, res, { record }) => {
      record.outcome = "refused";
      res.statusCode = 413;
      res.end();
    };
    const before = await count("none", "refused");
    await (await fetch(`${server.url}/graphql`, { method: "POST" })).text();
    await waitFor(() => requestLines().length === 1);
    expect(requestLines()[0]).toMatchObject({ status: 413, outcome: "refused" });
    expect(await count("none", "refused")).toBe(before + 1);
  });

  it("writes the line once, marked aborted, when the client goes away before the answer", async () => {
    let answer: (() => void) | undefined;
    handler = (_req, res) => {
      answer = () => res.end();
    };
    const client = new AbortController();
    const pending = fetch(`${server.url}/graphql`, { method: "POST", signal: client.signal }).catch(
      () => null,
    );
    await waitFor(() => answer !== undefined);
    client.abort();
    await pending;
    await waitFor(() => requestLines().length === 1);
    answer!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestLines()).toHaveLength(1);
    expect(requestLines()[0]).toMatchObject({ aborted: true });
    expect(finished).toBe(1);
  });
});
