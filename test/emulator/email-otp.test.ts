import { DEMO } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, type TestEmulator } from "./helpers";
import { EMAIL_ONLY, seedWithEmailOnlyOrg } from "./sign-in-helpers";

// Email one-time passcodes through the official SDK: discovery (code → IST → organizations) and organization
// login (code → session, or the organization's MFA step), with Stytch's rules: 6 digits, 10 minutes, single
// use, the newest send voids the older code, and sends that look the same for unknown addresses.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ADA = DEMO.people.ada;
const ORG = DEMO.organizations;

function lastCode(email: string, organization?: string): string {
  const otp = t.emu.lastEmailOtp(email, organization);
  if (!otp) throw new Error(`no email code to ${email}`);
  return otp.code;
}

async function discoveryCode(email: string) {
  await t.client.otps.email.discovery.send({ email_address: email });
  return lastCode(email);
}

const withoutRequestId = (body: object) => ({ ...body, request_id: undefined });

describe("otps.email.discovery", () => {
  it("sends the same answer for known and unknown addresses, and keeps a 6-digit code for each", async () => {
    const known = await t.client.otps.email.discovery.send({ email_address: ADA.email, locale: "es" });
    const unknown = await t.client.otps.email.discovery.send({ email_address: "nobody@example.com" });
    expect(withoutRequestId(known)).toEqual(withoutRequestId(unknown));
    expect(withoutRequestId(known)).toEqual({ request_id: undefined, status_code: 200 });
    const otp = t.emu.lastEmailOtp(ADA.email)!;
    expect(otp).toMatchObject({ emailAddress: ADA.email, organizationId: null, locale: "es" });
    expect(otp.code).toMatch(/^\d{6}$/);
    expect(Date.parse(otp.expiresAt) - Date.parse(otp.sentAt)).toBe(10 * MINUTE);
    expect(t.emu.lastEmailOtp("nobody@example.com")?.code).toMatch(/^\d{6}$/);
  });

  it("authenticates to an IST and Ada's organizations, each with the outcome an exchange would have", async () => {
    const code = await discoveryCode(ADA.email);
    const r = await t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code });
    expect(r.intermediate_session_token).toHaveLength(44);
    expect(r.email_address).toBe(ADA.email);
    const outcomes = Object.fromEntries(
      r.discovered_organizations.map((d) => [
        d.organization!.organization_slug,
        d.member_authenticated ? "authenticated" : d.primary_required ? "primary_required" : "mfa_required",
      ]),
    );
    expect(outcomes).toEqual({
      acme: "authenticated",
      globex: "mfa_required",
      initech: "primary_required",
      umbrella: "mfa_required",
      hooli: "authenticated",
    });
    // A prediction only: nothing is texted.
    expect(t.emu.lastSmsCode(ADA.members.globex)).toBeUndefined();
  });

  it("answers an address without memberships with an IST and no organizations", async () => {
    const code = await discoveryCode("nobody@example.com");
    const r = await t.client.otps.email.discovery.authenticate({ email_address: "nobody@example.com", code });
    expect(r.intermediate_session_token).toHaveLength(44);
    expect(r.discovered_organizations).toEqual([]);
  });

  it("uses each code once; a wrong code fails without burning the right one", async () => {
    const code = await discoveryCode(ADA.email);
    const wrong = code === "000000" ? "111111" : "000000";
    await expectStytchError(
      t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code: wrong }),
      404,
      "otp_code_not_found",
    );
    await t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code });
    await expectStytchError(
      t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code }),
      404,
      "otp_code_not_found",
    );
  });

  it("expires codes after 10 minutes, or after discovery_expiration_minutes (2..15)", async () => {
    const code = await discoveryCode(ADA.email);
    t.clock.advance(10 * MINUTE);
    await expectStytchError(
      t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code }),
      404,
      "otp_code_not_found",
    );
    await t.client.otps.email.discovery.send({ email_address: ADA.email, discovery_expiration_minutes: 2 });
    const short = lastCode(ADA.email);
    t.clock.advance(2 * MINUTE - 1000);
    await t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code: short });
    await expectStytchError(
      t.client.otps.email.discovery.send({ email_address: ADA.email, discovery_expiration_minutes: 16 }),
      400,
      "invalid_expiration_otp",
    );
  });

  it("voids the previous code when a new one is sent to the address", async () => {
    const first = await discoveryCode(ADA.email);
    const second = await discoveryCode(ADA.email);
    if (first !== second) {
      await expectStytchError(
        t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code: first }),
        404,
        "otp_code_not_found",
      );
    }
    await t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code: second });
  });

  it("refuses what is not an email address, and an unsupported locale", async () => {
    await expectStytchError(
      t.client.otps.email.discovery.send({ email_address: "ada" }),
      400,
      "invalid_email",
    );
    await expectStytchError(
      t.client.otps.email.discovery.send({ email_address: ADA.email, locale: "xx" }),
      400,
      "invalid_locale",
    );
  });
});

describe("otps.email (organization login)", () => {
  async function loginCode(organization: string, email = ADA.email) {
    await t.client.otps.email.loginOrSignup({ organization_id: organization, email_address: email });
    return lastCode(email, organization);
  }

  it("logs Ada in to acme (slug accepted): a session whose factors and JWT show the email OTP", async () => {
    const sent = await t.client.otps.email.loginOrSignup({
      organization_id: "acme",
      email_address: ADA.email,
    });
    expect(sent).toMatchObject({ member_id: ADA.members.acme, member_created: false });
    expect(t.emu.lastEmailOtp(ADA.email, ORG.acme.id)?.organizationId).toBe(ORG.acme.id);
    const r = await t.client.otps.email.authenticate({
      organization_id: "acme",
      email_address: ADA.email,
      code: lastCode(ADA.email, "acme"),
      session_duration_minutes: 30,
    });
    expect(r).toMatchObject({
      member_authenticated: true,
      member_id: ADA.members.acme,
      organization_id: ORG.acme.id,
      intermediate_session_token: "",
      mfa_required: null,
      primary_required: null,
    });
    expect(r.method_id).toMatch(/^email-test-/);
    const factors = r.member_session!.authentication_factors;
    expect(factors).toEqual([expect.objectContaining({ type: "otp", delivery_method: "email" })]);
    expect(factors[0].email_factor).toEqual({ email_id: r.method_id, email_address: ADA.email });
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.authentication_factors).toEqual(factors);
    expect(Date.parse(local.expires_at) - Date.parse(local.started_at)).toBe(30 * MINUTE);
  });

  it("answers mfa_required in globex (MFA for all), texts the code, and MFA finishes the login", async () => {
    const r = await t.client.otps.email.authenticate({
      organization_id: "globex",
      email_address: ADA.email,
      code: await loginCode("globex"),
    });
    expect(r).toMatchObject({ member_authenticated: false, session_token: "", member_session: null });
    expect(r.mfa_required).toEqual({
      member_options: { mfa_phone_number: ADA.maskedPhoneNumber, totp_registration_id: "" },
      secondary_auth_initiated: "sms_otp",
    });
    const done = await t.client.otps.sms.authenticate({
      organization_id: ORG.globex.id,
      member_id: ADA.members.globex,
      code: t.emu.lastSmsCode(ADA.members.globex)!.code,
      intermediate_session_token: r.intermediate_session_token,
    });
    expect(done.member_session!.authentication_factors.map((f) => [f.type, f.delivery_method])).toEqual([
      ["otp", "email"],
      ["otp", "sms"],
    ]);
  });

  it("refuses an organization that does not allow email OTP, and a person who is not a member", async () => {
    await expectStytchError(
      t.client.otps.email.loginOrSignup({ organization_id: "initech", email_address: ADA.email }),
      400,
      "operation_restricted_by_organization_auth_methods",
    );
    await expectStytchError(
      t.client.otps.email.authenticate({
        organization_id: "initech",
        email_address: ADA.email,
        code: "123456",
      }),
      400,
      "operation_restricted_by_organization_auth_methods",
    );
    await expectStytchError(
      t.client.otps.email.loginOrSignup({ organization_id: "globex", email_address: "carol@example.com" }),
      404,
      "member_not_found",
    );
    await expectStytchError(
      t.client.otps.email.loginOrSignup({ organization_id: "nope", email_address: ADA.email }),
      404,
      "organization_not_found",
    );
  });

  it("keeps discovery and organization codes apart, one valid code per address", async () => {
    const orgCode = await loginCode("acme");
    await expectStytchError(
      t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code: orgCode }),
      404,
      "otp_code_not_found",
    );
    await expectStytchError(
      t.client.otps.email.authenticate({ organization_id: "hooli", email_address: ADA.email, code: orgCode }),
      404,
      "otp_code_not_found",
    );
    // A discovery send to the same address voids the organization's code.
    await discoveryCode(ADA.email);
    await expectStytchError(
      t.client.otps.email.authenticate({ organization_id: "acme", email_address: ADA.email, code: orgCode }),
      404,
      "otp_code_not_found",
    );
  });

  it("finishes a primary_required exchange with the IST: the email factor joins the carried ones", async () => {
    t.emu.seed(seedWithEmailOnlyOrg());
    const oauth = t.emu.createSession({ memberId: ADA.members.acme, factors: ["google_oauth"] });
    const ex = await t.client.sessions.exchange({
      organization_id: EMAIL_ONLY.slug,
      session_token: oauth.sessionToken,
    });
    expect(ex.primary_required).toEqual({ allowed_auth_methods: ["email_otp", "magic_link"] });
    const r = await t.client.otps.email.authenticate({
      organization_id: EMAIL_ONLY.slug,
      email_address: ADA.email,
      code: await loginCode(EMAIL_ONLY.slug),
      intermediate_session_token: ex.intermediate_session_token,
    });
    expect(r.member_authenticated).toBe(true);
    expect(r.member_id).toBe(EMAIL_ONLY.adaMemberId);
    expect(r.member_session!.authentication_factors.map((f) => [f.type, f.delivery_method])).toEqual([
      ["oauth", "oauth_google"],
      ["otp", "email"],
    ]);
    await expectStytchError(
      t.client.discovery.organizations.list({ intermediate_session_token: ex.intermediate_session_token }),
      404,
      "intermediate_session_not_found",
    );
  });

  it("refuses an IST pending for another organization, without using up the code", async () => {
    const ex = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    const code = await loginCode("acme");
    const args = { organization_id: "acme", email_address: ADA.email, code };
    await expectStytchError(
      t.client.otps.email.authenticate({
        ...args,
        intermediate_session_token: ex.intermediate_session_token,
      }),
      400,
      "invalid_intermediate_session_token_for_organization",
    );
    await expectStytchError(
      t.client.otps.email.authenticate({
        ...args,
        intermediate_session_token: ex.intermediate_session_token,
        session_token: t.emu.demoSessions.ada.sessionToken,
      }),
      400,
      "too_many_session_arguments",
    );
    expect((await t.client.otps.email.authenticate(args)).member_authenticated).toBe(true);
  });

  it("steps up the member's own session (no MFA step), keeping its token", async () => {
    const session = t.emu.createSession({ memberId: ADA.members.globex, factors: ["magic_link", "sms_otp"] });
    const r = await t.client.otps.email.authenticate({
      organization_id: "globex",
      email_address: ADA.email,
      code: await loginCode("globex"),
      session_token: session.sessionToken,
    });
    expect(r.member_authenticated).toBe(true);
    expect(r.session_token).toBe(session.sessionToken);
    expect(r.member_session!.authentication_factors.map((f) => f.type)).toEqual(["magic_link", "otp", "otp"]);
  });

  it("expires organization codes after 10 minutes (login_expiration_minutes for active members)", async () => {
    await t.client.otps.email.loginOrSignup({
      organization_id: "acme",
      email_address: ADA.email,
      login_expiration_minutes: 5,
    });
    const code = lastCode(ADA.email, "acme");
    t.clock.advance(5 * MINUTE);
    await expectStytchError(
      t.client.otps.email.authenticate({ organization_id: "acme", email_address: ADA.email, code }),
      404,
      "otp_code_not_found",
    );
  });
});
