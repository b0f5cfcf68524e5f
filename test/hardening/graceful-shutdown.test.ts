import { rawRequest, type RawResult } from "../support/http";
import { startShipped, type ShippedProcess } from "../support/shipped-process";
import { createCounter, withDeadline } from "../support/wait";

const GRACE_MS = 5000;
const DELAY_MS = 1500;
/** Clients of the load, each sending its next exchange as soon as its last one is answered. */
const CLIENTS = 8;
/** Every exchange takes this long upstream, so that exchanges are in flight when SIGTERM arrives. */
const UPSTREAM_LATENCY_MS = 200;
/**
 * For what happens in the child on its own clock (start-up, a signal's delivery, its exit), on a busy
 * machine.
 */
const HEADROOM_MS = 10_000;

let bff: ShippedProcess;
afterEach(() => bff?.stop());

describe("SIGTERM under load", () => {
  it("fails readiness at once, finishes every request that had started, and exits within the grace period", async () => {
    bff = await startShipped({
      NODE_ENV: "test",
      PORT: "0",
      // Probes are logged at debug level.
      LOG_LEVEL: "debug",
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
    });
    const port = Number(new URL(bff.url).port);
    expect(bff.emulatorUrl).toBeDefined();
    expect(bff.demoToken).toBeDefined();

    const fault = await fetch(`${bff.emulatorUrl}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: "/v1/b2b/sessions/exchange",
        latency_ms: UPSTREAM_LATENCY_MS,
        times: 100_000,
      }),
    });
    expect(fault.ok).toBe(true);
    const body = JSON.stringify({ query: `mutation { exchangeSession(orgId: "hooli") { __typename } }` });
    const results: RawResult[] = [];
    const answered = createCounter();
    // Each client sends until the server refuses it: it keeps accepting while draining, then stops listening.
    const client = async () => {
      for (;;) {
        const result = await rawRequest(port, {
          path: "/graphql",
          body,
          headers: { authorization: `Bearer ${bff.demoToken}` },
        });
        results.push(result);
        if ("error" in result) return;
        answered.increment();
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));

    // Every client has been answered twice: each has its next exchange in flight.
    await withDeadline(answered.reached(2 * CLIENTS), HEADROOM_MS, () => `load: ${answered.count} answered`);
    const killedAt = performance.now();
    bff.signal("SIGTERM");
    // Event-driven: once the server says it drains, a probe must find readiness failed, and still be
    // accepted.
    await bff.waitForOutput(/"msg":"draining"/, HEADROOM_MS);
    const readiness = await rawRequest(port, { path: "/readyz" });

    await withDeadline(load, DELAY_MS + GRACE_MS + HEADROOM_MS, () => `load: ${results.length} sent`);
    await withDeadline(bff.closed, GRACE_MS + HEADROOM_MS, "the process to exit after SIGTERM");
    const exitedAfterMs = performance.now() - killedAt;

    // The server's own account, on its own clock: one log line per request it started, written when it ended.
    const lines = bff.logLines();
    const draining = lines.find((line) => line.msg === "draining")!;
    const stopped = lines.find((line) => line.msg === "stopped");
    const readyz = lines.filter((line) => line.msg === "request" && line.route === "/readyz");
    const started = lines.filter((line) => line.msg === "request" && line.route === "/graphql");
    const ok = results.filter(
      (a): a is { status: number; text: string } => "status" in a && a.status === 200,
    );
    const refusals = results.filter((a): a is { error: string } => "error" in a).map((a) => a.error);

    expect(readiness).toMatchObject({ status: 503 });
    expect(readyz).toHaveLength(1);
    expect(readyz[0]).toMatchObject({ status: 503 });
    // Readiness failed within the delay in which the server keeps accepting.
    expect(readyz[0].time - draining.time).toBeLessThan(DELAY_MS);
    expect(started.length).toBeGreaterThan(20);
    // Exchanges kept arriving and being served after readiness failed (the delay for load balancers).
    expect(started.filter((line) => line.time - line.durationMs > readyz[0].time).length).toBeGreaterThan(0);
    expect(started.filter((line) => line.status !== 200 || line.aborted)).toEqual([]);
    // Every request the server started reached its client as a 200; the rest were refused before starting.
    expect(ok.length).toBe(started.length);
    for (const answer of ok)
      expect(JSON.parse(answer.text).data.exchangeSession.__typename).toBe("AuthenticatedSession");
    expect(refusals).toHaveLength(CLIENTS);
    expect(refusals.filter((error) => !["ECONNREFUSED", "ECONNRESET"].includes(error))).toEqual([]);
    expect(ok.length + refusals.length).toBe(results.length);
    // Drained within the grace period on the server's clock, and gone within it (and a second) on ours.
    expect(stopped).toMatchObject({ inFlight: 0 });
    expect(stopped!.time - draining.time).toBeLessThan(GRACE_MS);
    expect(exitedAfterMs).toBeLessThan(GRACE_MS + 1000);
  }, 60_000);
});
