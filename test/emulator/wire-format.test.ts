import { DEMO, DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";
import { expectStytchError, sdkClient, startEmulator, type TestEmulator } from "./helpers";

// Stytch's wire conventions as seen by a plain HTTP client (no SDK): Basic auth, JSON everywhere,
// request_id/status_code on every body, the error envelope, catch-all 404.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const basic = (id = DEV_PROJECT_ID, secret = DEV_SECRET) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function call(method: string, path: string, body?: string, auth: string | null = basic()) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    body,
  });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function expectEnvelope(body: Record<string, unknown>, status: number, errorType: string) {
  expect(body).toEqual({
    status_code: status,
    request_id: expect.stringMatching(/^request-id-test-[0-9a-f-]{36}$/),
    error_type: errorType,
    error_message: expect.any(String),
    error_url: `https://stytch.com/docs/api/errors/${status}`,
  });
}

describe("Stytch wire format", () => {
  it("answers success with request_id and status_code", async () => {
    const r = await call("GET", "/v1/b2b/organizations/acme");
    expect(r.status).toBe(200);
    expect(r.body.status_code).toBe(200);
    expect(r.body.request_id).toMatch(/^request-id-test-/);
  });

  it("missing or wrong Basic auth -> 401 unauthorized_credentials (SDK and raw)", async () => {
    expectEnvelope(
      (await call("GET", "/v1/b2b/organizations/acme", undefined, null)).body,
      401,
      "unauthorized_credentials",
    );
    expectEnvelope(
      (await call("POST", "/v1/b2b/sessions/exchange", "{}", basic(DEV_PROJECT_ID, "wrong"))).body,
      401,
      "unauthorized_credentials",
    );
    const wrong = sdkClient(t.url, { secret: "secret-test-wrong" });
    await expectStytchError(
      wrong.organizations.get({ organization_id: "acme" }),
      401,
      "unauthorized_credentials",
    );
  });

  it("unknown routes -> JSON 404 route_not_found; wrong method -> 405 method_not_allowed", async () => {
    const r = await call("GET", "/v1/b2b/nothing/here");
    expect(r.status).toBe(404);
    expectEnvelope(r.body, 404, "route_not_found");
    expectEnvelope((await call("GET", "/", undefined, null)).body, 404, "route_not_found");
    const m = await call("DELETE", "/v1/b2b/sessions/exchange");
    expect(m.status).toBe(405);
    expectEnvelope(m.body, 405, "method_not_allowed");
  });

  it("an unparsable or non-object body -> 400 bad_request", async () => {
    const r = await call("POST", "/v1/b2b/sessions/exchange", "{not json");
    expect(r.status).toBe(400);
    expectEnvelope(r.body, 400, "bad_request");
    expectEnvelope((await call("POST", "/v1/b2b/organizations/search", "[1,2]")).body, 400, "bad_request");
  });

  it("a missing required field -> 400 bad_request", async () => {
    const r = await call("POST", "/v1/b2b/sessions/exchange", JSON.stringify({ session_token: "x" }));
    expectEnvelope(r.body, 400, "bad_request");
  });

  it("the JWKS needs no credentials", async () => {
    const r = await call("GET", `/v1/b2b/sessions/jwks/${DEV_PROJECT_ID}`, undefined, null);
    expect(r.status).toBe(200);
    expect((r.body.keys as unknown[]).length).toBe(1);
  });
});

describe("control API (plain HTTP, no auth)", () => {
  const control = (method: string, path: string, body?: unknown) =>
    call(method, `/__emulator${path}`, body === undefined ? undefined : JSON.stringify(body), null);

  it("creates sessions, exposes SMS codes, logs API requests (not control calls), resets", async () => {
    const s = await control("POST", "/sessions", {
      member_id: DEMO.people.dave.members.acme,
      duration_minutes: 30,
      factors: ["magic_link"],
    });
    expect(s.status).toBe(200);
    expect(s.body.session_token).toHaveLength(44);
    expect(s.body.organization_id).toBe(DEMO.organizations.acme.id);

    const ex = await call(
      "POST",
      "/v1/b2b/sessions/exchange",
      JSON.stringify({ organization_id: "hooli", session_token: s.body.session_token }),
    );
    expect(ex.body.mfa_required).toMatchObject({ secondary_auth_initiated: "sms_otp" });
    const sms = await control("GET", `/sms/${DEMO.people.dave.members.hooli}`);
    expect(sms.body).toMatchObject({
      phone_number: DEMO.people.dave.phoneNumber,
      code: expect.stringMatching(/^\d{6}$/),
    });
    expectEnvelope((await control("GET", "/sms/member-test-nobody")).body, 404, "otp_code_not_found");

    const log = await control("GET", "/requests");
    const requests = log.body.requests as {
      method: string;
      path: string;
      route: string;
      status: number;
      time: string;
      body: unknown;
    }[];
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/b2b/sessions/exchange",
      route: "/v1/b2b/sessions/exchange",
      status: 200,
    });
    expect(requests[0].body).toMatchObject({ organization_id: "hooli" });
    expect(Date.parse(requests[0].time)).toBe(t.clock.now());
    await control("DELETE", "/requests");
    expect((await control("GET", "/requests")).body.requests).toEqual([]);

    await control("POST", "/reset");
    const after = await call(
      "POST",
      "/v1/b2b/sessions/authenticate",
      JSON.stringify({ session_token: s.body.session_token }),
    );
    expectEnvelope(after.body, 404, "session_not_found");
  });

  it("serves the last email code and magic link per address, for discovery and per organization", async () => {
    const ada = DEMO.people.ada.email;
    await call("POST", "/v1/b2b/otps/email/discovery/send", JSON.stringify({ email_address: ada }));
    await call(
      "POST",
      "/v1/b2b/magic_links/email/login_or_signup",
      JSON.stringify({ organization_id: "acme", email_address: ada }),
    );
    const otp = await control("GET", `/email-otp/${ada}`);
    expect(otp.body).toMatchObject({
      email_address: ada,
      organization_id: null,
      code: expect.stringMatching(/^\d{6}$/),
      locale: "en",
    });
    expectEnvelope(
      (await control("GET", `/email-otp/${ada}/organizations/acme`)).body,
      404,
      "otp_code_not_found",
    );
    const link = await control("GET", `/magic-link/${encodeURIComponent(ada)}/organizations/acme`);
    expect(link.body).toMatchObject({
      organization_id: DEMO.organizations.acme.id,
      member_id: DEMO.people.ada.members.acme,
      token: expect.any(String),
      url: expect.stringContaining("stytch_token_type=multi_tenant_magic_links"),
    });
    expectEnvelope((await control("GET", `/magic-link/${ada}`)).body, 404, "magic_link_not_found");
  });

  it("injects and clears faults", async () => {
    expect(
      (
        await control("POST", "/faults", {
          path: "/v1/b2b/organizations/{organization_id}",
          status: 429,
          times: 2,
        })
      ).status,
    ).toBe(200);
    expect((await control("GET", "/faults")).body.faults).toEqual([
      { path: "/v1/b2b/organizations/{organization_id}", status: 429, times: 2 },
    ]);
    expectEnvelope((await call("GET", "/v1/b2b/organizations/acme")).body, 429, "too_many_requests");
    await control("DELETE", "/faults");
    expect((await call("GET", "/v1/b2b/organizations/acme")).status).toBe(200);
    expectEnvelope((await control("POST", "/faults", { status: 500 })).body, 400, "bad_request");
  });

  it("replaces the data with POST /seed and validates it", async () => {
    const seed = {
      organizations: [
        { ...((await call("GET", "/v1/b2b/organizations/hooli")).body.organization as object) },
      ],
      members: [],
      sessions: [],
    };
    expect((await control("POST", "/seed", seed)).status).toBe(200);
    expectEnvelope((await call("GET", "/v1/b2b/organizations/acme")).body, 404, "organization_not_found");
    expect((await call("GET", "/v1/b2b/organizations/hooli")).status).toBe(200);
    expectEnvelope((await control("POST", "/seed", { organizations: "nope" })).body, 400, "bad_request");
    // A failed seed leaves the previous data in place.
    expect((await call("GET", "/v1/b2b/organizations/hooli")).status).toBe(200);
    const state = await control("GET", "/state");
    expect((state.body.organizations as unknown[]).length).toBe(1);
  });

  it("serves demo sessions and answers unknown control routes with JSON 404", async () => {
    const demo = await control("GET", "/demo-sessions");
    expect((demo.body.sessions as Record<string, { session_token: string }>).ada.session_token).toBe(
      t.emu.demoSessions.ada.sessionToken,
    );
    expectEnvelope((await control("GET", "/nope")).body, 404, "route_not_found");
    // Control calls are not logged.
    expect(t.emu.requestLog()).toEqual([]);
  });
});
