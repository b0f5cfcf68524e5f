import { DEMO, defaultSeed, pkceChallengeOf } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, type TestEmulator } from "./helpers";
import { ssoSignIn, ssoStart, submitIdpForm, tokenIn } from "./sign-in-helpers";

// SSO with the emulator's stand-in identity provider: the browser-facing start (raw HTTP: 302 to the
// identity provider's form page, whose post redirects back to the app with a token), the control-API
// shortcut, and sso.authenticate through the official SDK with the organization's policy.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ADA = DEMO.people.ada;
const ORG = DEMO.organizations;
const APP = "https://app.example.com/sso/callback";

describe("GET /v1/public/sso/start and the identity provider page", () => {
  it("redirects to a sign-in form whose post returns to the app with an SSO token", async () => {
    const start = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId, login_redirect_url: APP });
    expect(start.status).toBe(302);
    expect(start.location).toMatch(/^\/__emulator\/idp\/sso\/sso-flow-test-/);
    expect(start.body).toEqual({
      request_id: expect.stringMatching(/^request-id-test-/),
      redirect_url: start.location,
      status_code: 302,
    });
    const page = await fetch(new URL(start.location, t.url));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("Acme Okta");
    expect(html).toMatch(/<form method="post">/);
    expect(html).toMatch(/<input id="email_address" name="email_address" type="email"/);
    expect(html).toContain(`<option value="${ADA.email}">`);

    const back = await submitIdpForm(t, start.location, ADA.email);
    expect(back.status).toBe(302);
    const { base, type, token } = tokenIn(back.location);
    expect({ base, type }).toEqual({ base: APP, type: "sso" });
    const r = await t.client.sso.authenticate({ sso_token: token });
    expect(r).toMatchObject({
      member_authenticated: true,
      member_id: ADA.members.acme,
      reset_session: false,
    });
    // The flow is over: its page is gone.
    expect((await fetch(new URL(start.location, t.url))).status).toBe(404);
  });

  it("re-shows the form for something that is not an email address", async () => {
    const start = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId });
    const bad = await submitIdpForm(t, start.location, "ada");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Enter an email address.");
    expect((await submitIdpForm(t, start.location, ADA.email)).status).toBe(302);
  });

  it("uses an organization's default connection, and the signup URL for a person who is not a member", async () => {
    const start = await ssoStart(t, {
      organization_id: "initech",
      login_redirect_url: APP,
      signup_redirect_url: "https://app.example.com/sso/signup",
    });
    const back = await submitIdpForm(t, start.location, "stranger@example.com");
    const { base, token } = tokenIn(back.location);
    expect(base).toBe("https://app.example.com/sso/signup");
    // No JIT provisioning in the emulator.
    await expectStytchError(t.client.sso.authenticate({ sso_token: token }), 404, "member_not_found");
  });

  it("keeps the redirect's location header when a latency fault delays the answer", async () => {
    t.emu.injectFault({ path: "/v1/public/sso/start", latency_ms: 5 });
    const start = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId });
    expect(start.status).toBe(302);
    expect(start.location).toBe(start.body.redirect_url);
    expect(t.emu.requestLog()).toEqual([
      expect.objectContaining({ route: "/v1/public/sso/start", status: 302, faulted: true }),
    ]);
  });

  it("defaults the redirect to the test project's http://localhost:3000/authenticate", async () => {
    t.emu.setNextSsoSignIn({ connectionId: ORG.acme.ssoConnectionId, emailAddress: ADA.email });
    const start = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId });
    expect(tokenIn(start.location).base).toBe("http://localhost:3000/authenticate");
  });

  it("refuses a missing or wrong public token, and a missing, doubled or unknown connection", async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ public_token: "", connection_id: ORG.acme.ssoConnectionId }, 400, "public_token_required"],
      [
        { public_token: "public-token-test-wrong", connection_id: ORG.acme.ssoConnectionId },
        404,
        "public_token_not_found",
      ],
      [{}, 400, "missing_sso_connection_locator"],
      [
        { connection_id: ORG.acme.ssoConnectionId, organization_id: "acme" },
        400,
        "too_many_sso_connection_locators",
      ],
      [{ connection_id: "saml-connection-test-nope" }, 404, "sso_connection_not_found"],
      [{ organization_id: "hooli" }, 404, "sso_connection_not_found"],
      [{ organization_id: "nope" }, 404, "organization_not_found"],
      [
        { connection_id: ORG.acme.ssoConnectionId, login_redirect_url: "nope" },
        400,
        "invalid_login_redirect_url",
      ],
    ];
    for (const [params, status, type] of cases) {
      const r = await ssoStart(t, params);
      expect({ status: r.status, type: r.body.error_type }).toEqual({ status, type });
    }
  });
});

describe("control API shortcut", () => {
  it("setNextSsoSignIn makes the next start redirect straight back with a token, once", async () => {
    t.emu.setNextSsoSignIn({ connectionId: ORG.initech.ssoConnectionId, emailAddress: ADA.email });
    const start = await ssoStart(t, { connection_id: ORG.initech.ssoConnectionId, login_redirect_url: APP });
    const { base, type, token } = tokenIn(start.location);
    expect({ base, type }).toEqual({ base: APP, type: "sso" });
    expect(start.body.redirect_url).toBe(start.location);
    expect((await t.client.sso.authenticate({ sso_token: token })).member_id).toBe(ADA.members.initech);
    const again = await ssoStart(t, { connection_id: ORG.initech.ssoConnectionId });
    expect(again.location).toMatch(/^\/__emulator\/idp\/sso\//);
  });

  it("is reachable over HTTP and checks the connection", async () => {
    const post = (body: unknown) =>
      fetch(`${t.url}/__emulator/sso/next-sign-in`, { method: "POST", body: JSON.stringify(body) });
    expect((await post({ connection_id: ORG.acme.ssoConnectionId, email_address: ADA.email })).status).toBe(
      200,
    );
    const start = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId });
    expect(tokenIn(start.location).type).toBe("sso");
    const unknown = await post({ connection_id: "saml-connection-test-nope", email_address: ADA.email });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error_type: string }).error_type).toBe("sso_connection_not_found");
    expect((await post({ connection_id: ORG.acme.ssoConnectionId })).status).toBe(400);
  });
});

describe("sso.authenticate", () => {
  it("signs Ada in to SSO-only initech: an SSO factor from her registration, SSO-derived roles", async () => {
    const token = await ssoSignIn(t, { connection_id: ORG.initech.ssoConnectionId }, ADA.email);
    const r = await t.client.sso.authenticate({ sso_token: token, session_duration_minutes: 20 });
    expect(r.member_authenticated).toBe(true);
    expect(r.organization_id).toBe(ORG.initech.id);
    const factors = r.member_session!.authentication_factors;
    expect(factors).toEqual([expect.objectContaining({ type: "sso", delivery_method: "sso_saml" })]);
    expect(factors[0].saml_sso_factor).toMatchObject({
      provider_id: ORG.initech.ssoConnectionId,
      external_id: "ada.lovelace@initech-idp",
    });
    // stytch_admin comes from an SSO connection group of initech's connection: it counts with this factor.
    expect(r.member_session!.roles).toContain("stytch_admin");
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.authentication_factors).toEqual(factors);
    await expectStytchError(t.client.sso.authenticate({ sso_token: token }), 404, "sso_token_not_found");
  });

  it("records a first SSO sign-in through acme's connection as a registration on the member", async () => {
    const token = await ssoSignIn(t, { connection_id: ORG.acme.ssoConnectionId }, ADA.email);
    const r = await t.client.sso.authenticate({ sso_token: token });
    expect(r.member.sso_registrations).toEqual([
      expect.objectContaining({ connection_id: ORG.acme.ssoConnectionId, external_id: ADA.email }),
    ]);
    // The engineer role is granted through acme's SSO connection.
    expect(r.member_session!.roles).toContain("engineer");
  });

  it("finishes a primary_required exchange into initech with the IST", async () => {
    const ex = await t.client.sessions.exchange({
      organization_id: "initech",
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    expect(ex.primary_required).toEqual({ allowed_auth_methods: ["sso"] });
    const token = await ssoSignIn(t, { connection_id: ORG.initech.ssoConnectionId }, ADA.email);
    const r = await t.client.sso.authenticate({
      sso_token: token,
      intermediate_session_token: ex.intermediate_session_token,
    });
    expect(r.member_authenticated).toBe(true);
    expect(r.member_session!.authentication_factors.map((f) => f.type)).toEqual(["magic_link", "sso"]);
    await expectStytchError(
      t.client.discovery.organizations.list({ intermediate_session_token: ex.intermediate_session_token }),
      404,
      "intermediate_session_not_found",
    );
  });

  it("answers mfa_required for an MFA-enrolled member (Carol in acme) and MFA completes it", async () => {
    const carol = DEMO.people.carol;
    const token = await ssoSignIn(t, { connection_id: ORG.acme.ssoConnectionId }, carol.email);
    const r = await t.client.sso.authenticate({ sso_token: token });
    expect(r).toMatchObject({ member_authenticated: false, session_token: "", member_session: null });
    expect(r.mfa_required?.secondary_auth_initiated).toBe("sms_otp");
    const done = await t.client.otps.sms.authenticate({
      organization_id: ORG.acme.id,
      member_id: carol.members.acme,
      code: t.emu.lastSmsCode(carol.members.acme)!.code,
      intermediate_session_token: r.intermediate_session_token,
    });
    expect(done.member_session!.authentication_factors.map((f) => f.type)).toEqual(["sso", "otp"]);
  });

  it("checks PKCE before using the token up", async () => {
    const verifier = "device-secret-0123456789-0123456789-0123456789";
    const token = await ssoSignIn(
      t,
      { connection_id: ORG.acme.ssoConnectionId, pkce_code_challenge: pkceChallengeOf(verifier) },
      ADA.email,
    );
    await expectStytchError(
      t.client.sso.authenticate({ sso_token: token }),
      400,
      "pkce_expected_code_verifier",
    );
    await expectStytchError(
      t.client.sso.authenticate({ sso_token: token, pkce_code_verifier: "wrong" }),
      400,
      "pkce_mismatch",
    );
    const r = await t.client.sso.authenticate({ sso_token: token, pkce_code_verifier: verifier });
    expect(r.member_authenticated).toBe(true);
  });

  it("expires SSO tokens after 10 minutes", async () => {
    const token = await ssoSignIn(t, { connection_id: ORG.acme.ssoConnectionId }, ADA.email);
    t.clock.advance(10 * MINUTE);
    await expectStytchError(t.client.sso.authenticate({ sso_token: token }), 404, "sso_token_not_found");
  });

  it("refuses an IST pending for another organization", async () => {
    const ex = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    const token = await ssoSignIn(t, { connection_id: ORG.acme.ssoConnectionId }, ADA.email);
    await expectStytchError(
      t.client.sso.authenticate({
        sso_token: token,
        intermediate_session_token: ex.intermediate_session_token,
      }),
      400,
      "invalid_intermediate_session_token_for_organization",
    );
    expect((await t.client.sso.authenticate({ sso_token: token })).member_authenticated).toBe(true);
  });

  it("refuses SSO where the organization does not allow it", async () => {
    const seed = defaultSeed();
    const acme = seed.organizations.find((o) => o.organization_slug === "acme")!;
    Object.assign(acme, { auth_methods: "RESTRICTED", allowed_auth_methods: ["magic_link"] });
    t.emu.seed(seed);
    const r = await ssoStart(t, { connection_id: ORG.acme.ssoConnectionId });
    expect({ status: r.status, type: r.body.error_type }).toEqual({
      status: 400,
      type: "operation_restricted_by_organization_auth_methods",
    });
  });
});
