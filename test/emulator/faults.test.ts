import { Agent } from "undici";

import { expectStytchError, sdkClient, startEmulator, stytchError, type TestEmulator } from "./helpers";

// Injected faults reach the official SDK as the errors a BFF must handle: StytchError for error statuses,
// RequestError for dropped connections, non-JSON bodies and dispatcher timeouts.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const EXCHANGE = "/v1/b2b/sessions/exchange";
const exchange = (client = t.client) =>
  client.sessions.exchange({ organization_id: "hooli", session_token: t.emu.demoSessions.ada.sessionToken });

describe("status faults", () => {
  it("an injected 429 reaches the SDK as StytchError too_many_requests, once", async () => {
    t.emu.injectFault({ path: EXCHANGE, status: 429 });
    await expectStytchError(exchange(), 429, "too_many_requests");
    const ok = await exchange();
    expect(ok.member_authenticated).toBe(true);
    const log = t.emu.requestLog();
    expect(log.map((e) => [e.route, e.status, e.faulted])).toEqual([
      [EXCHANGE, 429, true],
      [EXCHANGE, 200, false],
    ]);
  });

  it("honours times, a custom error_type, and method + route-template matching", async () => {
    t.emu.injectFault({
      method: "GET",
      path: "/v1/b2b/organizations/{organization_id}",
      status: 503,
      error_type: "server_unavailable",
      times: 2,
    });
    await expectStytchError(
      t.client.organizations.get({ organization_id: "acme" }),
      503,
      "server_unavailable",
    );
    // POST search is not a GET of the template: unaffected.
    await t.client.organizations.search({});
    await expectStytchError(
      t.client.organizations.get({ organization_id: "globex" }),
      503,
      "server_unavailable",
    );
    await t.client.organizations.get({ organization_id: "globex" });
    expect(t.emu.listFaults()).toEqual([]);
  });

  it("a 500 fault is internal_server_error by default; clearFaults removes pending faults", async () => {
    t.emu.injectFault({ path: EXCHANGE, status: 500, times: 5 });
    await expectStytchError(exchange(), 500, "internal_server_error");
    t.emu.clearFaults();
    await exchange();
  });
});

describe("transport faults", () => {
  it("reset before headers -> RequestError; logged with status 0", async () => {
    t.emu.injectFault({ path: EXCHANGE, reset: "before_headers" });
    const err = await stytchError(exchange());
    expect(err.constructor.name).toBe("RequestError");
    expect(t.emu.requestLog()[0]).toMatchObject({ status: 0, faulted: true, route: EXCHANGE });
  });

  it("reset during the body -> RequestError; logged with the status that was sent", async () => {
    t.emu.injectFault({ path: EXCHANGE, reset: "during_body" });
    const err = await stytchError(exchange());
    expect(err.constructor.name).toBe("RequestError");
    expect(t.emu.requestLog()[0]).toMatchObject({ status: 200, faulted: true });
  });

  it("a non-JSON body -> RequestError 'Unable to parse JSON response'", async () => {
    t.emu.injectFault({ path: EXCHANGE, non_json: true });
    const err = await stytchError(exchange());
    expect(err.constructor.name).toBe("RequestError");
    expect(String(err)).toMatch(/Unable to parse JSON response from server/);
    expect(t.emu.requestLog()[0].status).toBe(502);
  });

  it("a wrongly shaped 200 resolves as is (the SDK does not validate)", async () => {
    t.emu.injectFault({
      path: EXCHANGE,
      body: { request_id: "request-id-test-x", status_code: 200, surprise: true },
    });
    const raw = sdkClient(t.url, { validate: false });
    const r = (await exchange(raw)) as unknown as Record<string, unknown>;
    expect(r).toEqual({ request_id: "request-id-test-x", status_code: 200, surprise: true });
  });

  it("latency beyond the dispatcher's headersTimeout -> RequestError, without blocking the emulator", async () => {
    const agent = new Agent({ headersTimeout: 200 });
    try {
      const timed = sdkClient(t.url, { dispatcher: agent });
      // Claims about order, not speed: another request is answered, and the timeout fires, while the faulted
      // request is still held; a busy wait (or an ignored timeout) would put both after its latency.
      const latencyMs = 5000;
      t.emu.injectFault({ path: EXCHANGE, latency_ms: latencyMs });
      const started = Date.now();
      const pending = stytchError(exchange(timed));
      await t.client.organizations.get({ organization_id: "acme" });
      expect(Date.now() - started).toBeLessThan(latencyMs);
      const err = await pending;
      expect(err.constructor.name).toBe("RequestError");
      expect(Date.now() - started).toBeLessThan(latencyMs);
    } finally {
      await agent.close();
    }
  });

  it("latency below the timeout just delays the real answer", async () => {
    t.emu.injectFault({ path: EXCHANGE, latency_ms: 150 });
    const started = Date.now();
    const r = await exchange();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.member_authenticated).toBe(true);
  });

  it("a slow body: headers at once, body drip-fed after the latency (bodyTimeout -> RequestError)", async () => {
    t.emu.injectFault({ path: EXCHANGE, latency_ms: 300, slow_body: true });
    const started = Date.now();
    const r = await exchange();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(r.member_authenticated).toBe(true);

    const agent = new Agent({ headersTimeout: 5000, bodyTimeout: 100 });
    try {
      // The gap before the body, far longer than bodyTimeout: client and emulator share this process, and a
      // stall of the process longer than the gap (on a busy machine) would let the body arrive with the
      // headers.
      t.emu.injectFault({ path: EXCHANGE, latency_ms: 5000, slow_body: true });
      const err = await stytchError(exchange(sdkClient(t.url, { dispatcher: agent })));
      expect(err.constructor.name).toBe("RequestError");
    } finally {
      await agent.close();
    }
  });

  it("faults on JWKS make local JWT verification fail (jose fetches it directly)", async () => {
    t.emu.injectFault({ path: "/v1/b2b/sessions/jwks/{project_id}", status: 500 });
    const fresh = sdkClient(t.url);
    await expect(
      fresh.sessions.authenticateJwtLocal({ session_jwt: t.emu.demoSessions.ada.sessionJwt }),
    ).rejects.toThrow(/jwt_invalid/);
    expect(t.emu.requestLog().map((e) => e.route)).toContain("/v1/b2b/sessions/jwks/{project_id}");
  });
});
