import { DEMO } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, type TestEmulator } from "./helpers";

// discovery.intermediateSessions.exchange through the official SDK: a discovery IST (email OTP or magic
// link) enters one organization with the same answer and policy as sessions.exchange. Success uses the IST
// up; a remaining step hands the same IST back, now pending for that organization.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ADA = DEMO.people.ada;
const ORG = DEMO.organizations;

/** Ada's discovery IST from an email code (or Bob's, etc.). */
async function discoveryIst(email: string = ADA.email) {
  await t.client.otps.email.discovery.send({ email_address: email });
  const code = t.emu.lastEmailOtp(email)!.code;
  return (await t.client.otps.email.discovery.authenticate({ email_address: email, code }))
    .intermediate_session_token;
}

async function magicLinkIst(email: string = ADA.email) {
  await t.client.magicLinks.email.discovery.send({ email_address: email });
  const token = t.emu.lastMagicLink(email)!.token;
  return (await t.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token }))
    .intermediate_session_token;
}

const exchange = (ist: string, organization: string, extra: Record<string, unknown> = {}) =>
  t.client.discovery.intermediateSessions.exchange({
    intermediate_session_token: ist,
    organization_id: organization,
    ...extra,
  });

describe("discovery.intermediateSessions.exchange", () => {
  it("enters a plain organization: a session with the email factor, and the IST is used up", async () => {
    const ist = await discoveryIst();
    const listed = await t.client.discovery.organizations.list({ intermediate_session_token: ist });
    expect(listed).toMatchObject({ email_address: ADA.email, organization_id_hint: null });
    const r = await exchange(ist, "acme", { session_duration_minutes: 45, session_custom_claims: { a: 1 } });
    expect(r).toMatchObject({
      member_authenticated: true,
      member_id: ADA.members.acme,
      intermediate_session_token: "",
      mfa_required: null,
      primary_required: null,
    });
    expect(r.session_token).toHaveLength(44);
    const session = r.member_session!;
    expect(session.authentication_factors).toEqual([
      expect.objectContaining({ type: "otp", delivery_method: "email", email_factor: expect.any(Object) }),
    ]);
    expect(session.custom_claims).toEqual({ a: 1 });
    expect(Date.parse(session.expires_at) - Date.parse(session.started_at)).toBe(45 * MINUTE);
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.authentication_factors).toEqual(session.authentication_factors);
    await expectStytchError(exchange(ist, "hooli"), 404, "intermediate_session_not_found");
  });

  it("answers mfa_required in globex with the same IST, texts the code, and MFA completes", async () => {
    const ist = await magicLinkIst();
    const r = await exchange(ist, "globex", { locale: "pt-br" });
    expect(r).toMatchObject({ member_authenticated: false, session_token: "", member_session: null });
    expect(r.intermediate_session_token).toBe(ist);
    expect(r.mfa_required?.secondary_auth_initiated).toBe("sms_otp");
    const sms = t.emu.lastSmsCode(ADA.members.globex)!;
    expect(sms.locale).toBe("pt-br");
    // The IST now hints its pending organization.
    const listed = await t.client.discovery.organizations.list({ intermediate_session_token: ist });
    expect(listed.organization_id_hint).toBe(ORG.globex.id);
    const done = await t.client.otps.sms.authenticate({
      organization_id: ORG.globex.id,
      member_id: ADA.members.globex,
      code: sms.code,
      intermediate_session_token: ist,
    });
    expect(done.member_session!.authentication_factors.map((f) => [f.type, f.delivery_method])).toEqual([
      ["magic_link", "email"],
      ["otp", "sms"],
    ]);
  });

  it("answers primary_required for SSO-only initech; the same IST can still enter another org", async () => {
    const ist = await discoveryIst();
    const r = await exchange(ist, "initech");
    expect(r.primary_required).toEqual({ allowed_auth_methods: ["sso"] });
    expect(r.mfa_required).toBeNull();
    expect(r.intermediate_session_token).toBe(ist);
    const acme = await exchange(ist, ORG.acme.externalId);
    expect(acme.member_authenticated).toBe(true);
  });

  it("answers the TOTP challenge in umbrella without texting, and accepts Ada's invite to hooli", async () => {
    const ist = await discoveryIst();
    const umbrella = await exchange(ist, "umbrella");
    expect(umbrella.mfa_required).toEqual({
      member_options: { mfa_phone_number: "", totp_registration_id: ADA.totpRegistrationId },
      secondary_auth_initiated: null,
    });
    const hooli = await exchange(ist, "hooli");
    expect(hooli.member_authenticated).toBe(true);
    expect(hooli.member.status).toBe("active");
  });

  it("matches the outcomes the discovery authenticate answer predicted", async () => {
    await t.client.otps.email.discovery.send({ email_address: ADA.email });
    const code = t.emu.lastEmailOtp(ADA.email)!.code;
    const listed = await t.client.otps.email.discovery.authenticate({ email_address: ADA.email, code });
    for (const d of listed.discovered_organizations) {
      const ist = await discoveryIst();
      const r = await exchange(ist, d.organization!.organization_id);
      expect(r.member_authenticated).toBe(d.member_authenticated);
      expect(r.primary_required).toEqual(d.primary_required);
      expect(r.mfa_required?.member_options ?? null).toEqual(d.mfa_required?.member_options ?? null);
    }
  });

  it("errors: unknown or expired IST, unknown organization, no membership, bad duration", async () => {
    await expectStytchError(exchange("nope", "acme"), 404, "intermediate_session_not_found");
    const ist = await discoveryIst(DEMO.people.bob.email);
    await expectStytchError(exchange(ist, "nope"), 404, "organization_not_found");
    await expectStytchError(exchange(ist, "initech"), 404, "member_not_found");
    await expectStytchError(
      exchange(ist, "acme", { session_duration_minutes: 1 }),
      400,
      "invalid_session_duration_minutes",
    );
    t.clock.advance(10 * MINUTE);
    await expectStytchError(exchange(ist, "acme"), 404, "intermediate_session_not_found");
  });
});
