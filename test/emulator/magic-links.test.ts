import { DEMO, pkceChallengeOf } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, type TestEmulator } from "./helpers";
import { EMAIL_ONLY, seedWithEmailOnlyOrg, tokenIn } from "./sign-in-helpers";

// Email magic links through the official SDK: discovery (link → IST → organizations) and organization login
// (link → session, or the organization's MFA step). Links carry Stytch's redirect format, work once, live 60
// minutes by default and can be bound to the sending device with PKCE.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ADA = DEMO.people.ada;
const ORG = DEMO.organizations;

function lastLink(email: string, organization?: string) {
  const link = t.emu.lastMagicLink(email, organization);
  if (!link) throw new Error(`no magic link to ${email}`);
  return link;
}

async function discoveryToken(email: string, extra: Record<string, string> = {}) {
  await t.client.magicLinks.email.discovery.send({ email_address: email, ...extra });
  return lastLink(email).token;
}

const withoutRequestId = (body: object) => ({ ...body, request_id: undefined });

describe("magicLinks discovery", () => {
  it("sends the same answer for known and unknown addresses; the link follows Stytch's redirect format", async () => {
    const known = await t.client.magicLinks.email.discovery.send({
      email_address: ADA.email,
      discovery_redirect_url: "https://app.example.com/discover?from=mail",
    });
    const unknown = await t.client.magicLinks.email.discovery.send({ email_address: "nobody@example.com" });
    expect(withoutRequestId(known)).toEqual(withoutRequestId(unknown));
    const link = lastLink(ADA.email);
    expect(link).toMatchObject({ organizationId: null, memberId: null, locale: "en" });
    expect(Date.parse(link.expiresAt) - Date.parse(link.sentAt)).toBe(60 * MINUTE);
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://app.example.com/discover");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: "mail",
      stytch_token_type: "discovery",
      token: link.token,
    });
    // Without a discovery_redirect_url: the test-project default.
    expect(tokenIn(lastLink("nobody@example.com").url).base).toBe("http://localhost:3000/authenticate");
  });

  it("authenticates to an IST and the person's organizations; each link works once", async () => {
    const token = await discoveryToken(ADA.email);
    const r = await t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token });
    expect(r.intermediate_session_token).toHaveLength(44);
    expect(r.email_address).toBe(ADA.email);
    expect(r.discovered_organizations.map((d) => d.organization!.organization_slug)).toEqual([
      "acme",
      "globex",
      "initech",
      "umbrella",
      "hooli",
    ]);
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token }),
      404,
      "magic_link_not_found",
    );
  });

  it("keeps earlier links valid after a new send, and expires links after 60 minutes (or as asked)", async () => {
    const first = await discoveryToken(ADA.email);
    const second = await discoveryToken(ADA.email, {});
    await t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: first });
    t.clock.advance(60 * MINUTE);
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: second }),
      404,
      "magic_link_not_found",
    );
    await t.client.magicLinks.email.discovery.send({
      email_address: ADA.email,
      discovery_expiration_minutes: 5,
    });
    const short = lastLink(ADA.email).token;
    t.clock.advance(5 * MINUTE);
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: short }),
      404,
      "magic_link_not_found",
    );
    await expectStytchError(
      t.client.magicLinks.email.discovery.send({ email_address: ADA.email, discovery_expiration_minutes: 4 }),
      400,
      "invalid_expiration",
    );
  });

  it("checks PKCE before using the link up", async () => {
    const verifier = "a-one-time-secret-of-the-sending-device-0123456789";
    const token = await discoveryToken(ADA.email, { pkce_code_challenge: pkceChallengeOf(verifier) });
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token }),
      400,
      "pkce_expected_code_verifier",
    );
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({
        discovery_magic_links_token: token,
        pkce_code_verifier: "x",
      }),
      400,
      "pkce_mismatch",
    );
    await t.client.magicLinks.discovery.authenticate({
      discovery_magic_links_token: token,
      pkce_code_verifier: verifier,
    });
    const plain = await discoveryToken(ADA.email);
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({
        discovery_magic_links_token: plain,
        pkce_code_verifier: "x",
      }),
      400,
      "pkce_did_not_expect_code_verifier",
    );
  });

  it("does not take a discovery link for an organization login, nor the reverse", async () => {
    const discovery = await discoveryToken(ADA.email);
    await expectStytchError(
      t.client.magicLinks.authenticate({ magic_links_token: discovery }),
      404,
      "magic_link_not_found",
    );
    await t.client.magicLinks.email.loginOrSignup({ organization_id: "acme", email_address: ADA.email });
    await expectStytchError(
      t.client.magicLinks.discovery.authenticate({
        discovery_magic_links_token: lastLink(ADA.email, "acme").token,
      }),
      404,
      "magic_link_not_found",
    );
  });

  it("refuses a bad discovery_redirect_url", async () => {
    await expectStytchError(
      t.client.magicLinks.email.discovery.send({
        email_address: ADA.email,
        discovery_redirect_url: "not a url",
      }),
      400,
      "invalid_discovery_redirect_url",
    );
  });
});

describe("magicLinks (organization login)", () => {
  async function loginToken(organization: string, email = ADA.email) {
    await t.client.magicLinks.email.loginOrSignup({ organization_id: organization, email_address: email });
    return lastLink(email, organization).token;
  }

  it("logs Ada in to acme with a session whose factors and JWT show the magic link", async () => {
    const sent = await t.client.magicLinks.email.loginOrSignup({
      organization_id: ORG.acme.id,
      email_address: ADA.email,
      login_redirect_url: "https://app.example.com/login",
    });
    expect(sent).toMatchObject({ member_id: ADA.members.acme, member_created: false });
    const link = lastLink(ADA.email, "acme");
    expect(link).toMatchObject({ organizationId: ORG.acme.id, memberId: ADA.members.acme });
    expect(tokenIn(link.url)).toEqual({
      base: "https://app.example.com/login",
      type: "multi_tenant_magic_links",
      token: link.token,
    });
    const r = await t.client.magicLinks.authenticate({ magic_links_token: link.token });
    expect(r).toMatchObject({
      member_authenticated: true,
      reset_sessions: false,
      organization_id: ORG.acme.id,
      intermediate_session_token: "",
    });
    const factors = r.member_session!.authentication_factors;
    expect(factors).toEqual([expect.objectContaining({ type: "magic_link", delivery_method: "email" })]);
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.authentication_factors).toEqual(factors);
    await expectStytchError(
      t.client.magicLinks.authenticate({ magic_links_token: link.token }),
      404,
      "magic_link_not_found",
    );
  });

  it("sends an invited member a signup link and activates the member on authentication", async () => {
    await t.client.magicLinks.email.loginOrSignup({
      organization_id: "hooli",
      email_address: ADA.email,
      login_redirect_url: "https://app.example.com/login",
      signup_redirect_url: "https://app.example.com/signup",
    });
    const link = lastLink(ADA.email, "hooli");
    expect(tokenIn(link.url).base).toBe("https://app.example.com/signup");
    const r = await t.client.magicLinks.authenticate({ magic_links_token: link.token });
    expect(r.member.status).toBe("active");
    expect(t.emu.state.member(ADA.members.hooli)?.status).toBe("active");
  });

  it("answers mfa_required in globex and a TOTP-only challenge in umbrella", async () => {
    const globex = await t.client.magicLinks.authenticate({ magic_links_token: await loginToken("globex") });
    expect(globex.mfa_required?.secondary_auth_initiated).toBe("sms_otp");
    expect(t.emu.lastSmsCode(ADA.members.globex)).toBeDefined();
    const umbrella = await t.client.magicLinks.authenticate({
      magic_links_token: await loginToken("umbrella"),
    });
    expect(umbrella.mfa_required).toEqual({
      member_options: { mfa_phone_number: "", totp_registration_id: ADA.totpRegistrationId },
      secondary_auth_initiated: null,
    });
  });

  it("refuses an organization that does not allow magic links", async () => {
    await expectStytchError(
      t.client.magicLinks.email.loginOrSignup({ organization_id: "initech", email_address: ADA.email }),
      400,
      "operation_restricted_by_organization_auth_methods",
    );
  });

  it("finishes a primary_required exchange with the IST", async () => {
    t.emu.seed(seedWithEmailOnlyOrg());
    const oauth = t.emu.createSession({ memberId: ADA.members.acme, factors: ["google_oauth"] });
    const ex = await t.client.sessions.exchange({
      organization_id: EMAIL_ONLY.id,
      session_token: oauth.sessionToken,
    });
    const r = await t.client.magicLinks.authenticate({
      magic_links_token: await loginToken(EMAIL_ONLY.slug),
      intermediate_session_token: ex.intermediate_session_token,
      session_duration_minutes: 120,
    });
    expect(r.member_authenticated).toBe(true);
    expect(r.member_session!.authentication_factors.map((f) => f.type)).toEqual(["oauth", "magic_link"]);
    const s = r.member_session!;
    expect(Date.parse(s.expires_at) - Date.parse(s.started_at)).toBe(120 * MINUTE);
  });
});
