import type { FaultSpec } from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

const DEADLINE_MS = 500;
const SLACK_MS = 250;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ deadlineMs: DEADLINE_MS, breaker: { threshold: 10_000, cooldownMs: 1 } });
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

interface Target {
  name: string;
  route: string;
  write: boolean;
  run(): Promise<{ code: unknown; requestId: string | null }>;
}

const errorCode = (answer: Awaited<ReturnType<Stack["gql"]>>) => ({
  code: answer.body.errors?.[0]?.extensions?.code,
  requestId: answer.headers.get("x-request-id"),
});

/** One GraphQL operation per Stytch endpoint, each reaching it exactly once when Stytch is healthy. */
const targets: Target[] = [
  {
    name: "exchange",
    route: "/v1/b2b/sessions/exchange",
    write: true,
    run: async () =>
      errorCode(
        await stack.gql(
          `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
          {},
          stack.emulator.demoSessions.ada.sessionToken,
        ),
      ),
  },
  {
    name: "authenticate",
    route: "/v1/b2b/sessions/authenticate",
    write: false,
    run: async () =>
      errorCode(
        await stack.gql(`{ viewer { member { id } } }`, {}, stack.emulator.demoSessions.ada.sessionToken),
      ),
  },
  {
    name: "search",
    route: "/v1/b2b/organizations/search",
    write: false,
    run: async () =>
      errorCode(
        await stack.gql(
          `{ viewer { session { organization { name } } } }`,
          {},
          stack.emulator.demoSessions.ada.sessionJwt,
        ),
      ),
  },
];

const faults: Array<[string, Omit<FaultSpec, "path">, string]> = [
  ["no answer until the deadline", { latency_ms: 5000 }, "UPSTREAM_TIMEOUT"],
  ["a slow body", { latency_ms: 5000, slow_body: true }, "UPSTREAM_TIMEOUT"],
  ["a 500", { status: 500 }, "UPSTREAM_UNAVAILABLE"],
  ["a 503", { status: 503 }, "UPSTREAM_UNAVAILABLE"],
  ["a 429", { status: 429 }, "RATE_LIMITED"],
  ["a reset before the body", { reset: "before_headers" }, "UPSTREAM_UNAVAILABLE"],
  ["a reset during the body", { reset: "during_body" }, "UPSTREAM_UNAVAILABLE"],
  ["a non-JSON 200", { non_json: true, status: 200 }, "UPSTREAM_UNAVAILABLE"],
  [
    "a wrongly shaped 200",
    { status: 200, body: { request_id: "r", status_code: 200, unexpected: true } },
    "UPSTREAM_UNAVAILABLE",
  ],
];

describe.each(targets)("fault matrix: $name", (target) => {
  it("works when Stytch is healthy, with one call", async () => {
    const since = Date.now();
    expect((await target.run()).code).toBeUndefined();
    expect(callsSince(target.route, since)).toBe(1);
  });

  it.each(faults)("on %s (%j) answers %s", async (_, fault, code) => {
    const since = Date.now();
    stack.emulator.injectFault({ path: target.route, times: 10, ...fault });
    const answer = await target.run();
    expect(answer.code).toBe(code);
    // Timed by the server itself (its log line): the deadline is the BFF's; what the test client's own fetch
    // costs on a loaded machine is not.
    expect(stack.requestLine(answer.requestId).durationMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const calls = callsSince(target.route, since);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(target.write ? 1 : 3);
  });
});

/** Calls that arrived since `since` (a timed-out call of an earlier test may be logged late). */
function callsSince(route: string, since: number): number {
  return stack.emulator
    .requestLog()
    .filter((entry) => entry.route === route && Date.parse(entry.time) >= since).length;
}

describe("circuit breaker", () => {
  it("opens on upstream failures, fails fast while open, ignores 4xx, and recovers", async () => {
    const cooldownMs = 400;
    const guarded = await startStack({ deadlineMs: DEADLINE_MS, breaker: { threshold: 3, cooldownMs } });
    try {
      const token = guarded.emulator.demoSessions.ada.sessionToken;
      const exchange = async () => {
        const answer = await guarded.gql(
          `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
          {},
          token,
        );
        return { code: answer.body.errors?.[0]?.extensions?.code };
      };
      // Sprayed bad tokens (4xx) do not open it for everyone.
      for (let i = 0; i < 5; i++) {
        const bad = await guarded.gql(
          `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
          {},
          "x".repeat(44),
        );
        expect(bad.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect(guarded.transport.breakerState("sessions")).toBe("closed");

      guarded.emulator.injectFault({ path: "/v1/b2b/sessions/exchange", status: 503, times: 3 });
      for (let i = 0; i < 3; i++) expect((await exchange()).code).toBe("UPSTREAM_UNAVAILABLE");
      expect(guarded.transport.breakerState("sessions")).toBe("open");

      guarded.emulator.clearRequestLog();
      guarded.logs.length = 0;
      // Five requests while open, timed by the server itself (its log line): the test client's own fetch
      // overhead on a loaded 2-core machine is not what "fails fast" is about. Between them, as a baseline
      // taken at the same moments, the same mutation refused for its argument before any call: what the
      // server costs when it asks Stytch nothing, stretched by the same load on the machine.
      for (let i = 0; i < 5; i++) {
        expect((await exchange()).code).toBe("UPSTREAM_UNAVAILABLE");
        const refused = await guarded.gql(
          `mutation { exchangeSession(orgId: "hooli", sessionDurationMinutes: 1) { __typename } }`,
          {},
          token,
        );
        expect(refused.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      }
      const median = (outcome: string) => {
        const durations = guarded
          .requestLines()
          .filter((line) => line.outcome === outcome)
          .map((line) => line.durationMs)
          .sort((a, b) => a - b);
        expect(durations).toHaveLength(5);
        return durations[2];
      };
      // Fails fast: within 10 ms of a request that asks Stytch nothing (waiting would take the deadline).
      expect(median("UPSTREAM_UNAVAILABLE")).toBeLessThan(median("BAD_USER_INPUT") + 10);
      expect(guarded.emulator.requestLog()).toHaveLength(0);
      const metrics = await guarded.metrics.registry.metrics();
      expect(metrics).toMatch(/bff_circuit_breaker_state\{group="sessions"\} 2/);

      // The cooldown passes on the breaker's clock: a moment before its end it still fails fast without
      // asking Stytch; at its end one trial goes through, and its success closes the breaker.
      guarded.breakerClock.advance(cooldownMs - 1);
      expect((await exchange()).code).toBe("UPSTREAM_UNAVAILABLE");
      expect(guarded.emulator.requestLog()).toHaveLength(0);
      guarded.breakerClock.advance(1);
      expect((await exchange()).code).toBeUndefined();
      expect(guarded.transport.breakerState("sessions")).toBe("closed");
      expect(guarded.emulator.requestLog()).toHaveLength(1);
    } finally {
      await guarded.stop();
    }
  });
});
