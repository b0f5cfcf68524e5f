import { DEMO, totpCode } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, type TestEmulator } from "./helpers";

// Completing MFA after an exchange: SMS OTP (send, resend, expiry), TOTP (RFC 6238), recovery codes, and
// the intermediate session token's rules (10 minutes, single use, bound to org and member).

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ORG = DEMO.organizations;
const ADA = DEMO.people.ada;

async function exchangeInto(org: string, token = t.emu.demoSessions.ada.sessionToken) {
  return t.client.sessions.exchange({ organization_id: org, session_token: token });
}

function smsCode(memberId: string): string {
  const sms = t.emu.lastSmsCode(memberId);
  if (!sms) throw new Error("no SMS sent");
  return sms.code;
}

describe("SMS OTP", () => {
  it("completes the globex challenge with the code exchange sent; the session carries both factors", async () => {
    const ex = await exchangeInto("globex");
    const r = await t.client.otps.sms.authenticate({
      organization_id: ORG.globex.id,
      member_id: ADA.members.globex,
      code: smsCode(ADA.members.globex),
      intermediate_session_token: ex.intermediate_session_token,
      session_duration_minutes: 90,
    });
    expect(r.member_id).toBe(ADA.members.globex);
    expect(r.session_token).toHaveLength(44);
    const factors = r.member_session!.authentication_factors;
    expect(factors.map((f) => [f.type, f.delivery_method])).toEqual([
      ["magic_link", "email"],
      ["otp", "sms"],
    ]);
    expect(factors[1].phone_number_factor).toMatchObject({ phone_number: "+15555550100" });
    expect(Date.parse(r.member_session!.expires_at) - Date.parse(r.member_session!.started_at)).toBe(
      90 * MINUTE,
    );
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.organization_id).toBe(ORG.globex.id);
  });

  it("consumes the IST and the code: a second use fails", async () => {
    const ex = await exchangeInto("globex");
    const code = smsCode(ADA.members.globex);
    const args = {
      organization_id: ORG.globex.id,
      member_id: ADA.members.globex,
      code,
      intermediate_session_token: ex.intermediate_session_token,
    };
    await t.client.otps.sms.authenticate(args);
    await expectStytchError(t.client.otps.sms.authenticate(args), 404, "intermediate_session_not_found");
  });

  it("rejects a wrong code, keeps the right one usable, and a resend invalidates the old code", async () => {
    const ex = await exchangeInto("globex");
    const first = smsCode(ADA.members.globex);
    const base = {
      organization_id: ORG.globex.id,
      member_id: ADA.members.globex,
      intermediate_session_token: ex.intermediate_session_token,
    };
    const wrong = first === "000000" ? "111111" : "000000";
    await expectStytchError(
      t.client.otps.sms.authenticate({ ...base, code: wrong }),
      404,
      "otp_code_not_found",
    );

    // Codes are random: one resend in a million draws the old code again, so resend until it differs.
    let sent = await t.client.otps.sms.send({ ...base, locale: "pt-br" });
    for (let resends = 1; smsCode(ADA.members.globex) === first && resends < 5; resends++)
      sent = await t.client.otps.sms.send({ ...base, locale: "pt-br" });
    expect(sent.member.member_id).toBe(ADA.members.globex);
    expect(sent.organization.organization_id).toBe(ORG.globex.id);
    const second = smsCode(ADA.members.globex);
    expect(t.emu.lastSmsCode(ADA.members.globex)?.locale).toBe("pt-br");
    expect(second).not.toBe(first);
    await expectStytchError(
      t.client.otps.sms.authenticate({ ...base, code: first }),
      404,
      "otp_code_not_found",
    );
    const ok = await t.client.otps.sms.authenticate({ ...base, code: second });
    expect(ok.member_session?.organization_id).toBe(ORG.globex.id);
  });

  it("expires SMS codes after 2 minutes", async () => {
    const ex = await exchangeInto("globex");
    const code = smsCode(ADA.members.globex);
    t.clock.advance(2 * MINUTE);
    await expectStytchError(
      t.client.otps.sms.authenticate({
        organization_id: ORG.globex.id,
        member_id: ADA.members.globex,
        code,
        intermediate_session_token: ex.intermediate_session_token,
      }),
      404,
      "otp_code_not_found",
    );
  });

  it("lets a member without a phone enrol one with send(mfa_phone_number) and the IST (Bob -> globex)", async () => {
    const ex = await exchangeInto("globex", t.emu.demoSessions.bob.sessionToken);
    const base = {
      organization_id: ORG.globex.id,
      member_id: DEMO.people.bob.members.globex,
      intermediate_session_token: ex.intermediate_session_token,
    };
    await expectStytchError(t.client.otps.sms.send(base), 404, "member_phone_number_not_found");
    await expectStytchError(
      t.client.otps.sms.send({ ...base, mfa_phone_number: "555" }),
      400,
      "invalid_phone_number",
    );
    await t.client.otps.sms.send({ ...base, mfa_phone_number: "+15555550123" });
    const r = await t.client.otps.sms.authenticate({
      ...base,
      code: smsCode(DEMO.people.bob.members.globex),
    });
    expect(r.member.mfa_phone_number).toBe("+15555550123");
    expect(r.member.mfa_phone_number_verified).toBe(true);
    expect(r.member.mfa_enrolled).toBe(true);
  });

  it("activates a pending member once MFA completes (Dave: acme -> globex, enrols a phone)", async () => {
    const dave = t.emu.createSession({ memberId: DEMO.people.dave.members.acme });
    const ex = await exchangeInto("globex", dave.sessionToken);
    expect(ex.member.status).toBe("pending");
    expect(ex.mfa_required).toEqual({
      member_options: { mfa_phone_number: "", totp_registration_id: "" },
      secondary_auth_initiated: null,
    });
    const base = {
      organization_id: ORG.globex.id,
      member_id: DEMO.people.dave.members.globex,
      intermediate_session_token: ex.intermediate_session_token,
    };
    await t.client.otps.sms.send({ ...base, mfa_phone_number: "+15555550188" });
    const r = await t.client.otps.sms.authenticate({
      ...base,
      code: smsCode(DEMO.people.dave.members.globex),
    });
    expect(r.member.status).toBe("active");
    expect(t.emu.state.member(DEMO.people.dave.members.globex)?.status).toBe("active");
  });

  it("refuses to send without an IST or session to a member who has an MFA factor, or in a TOTP-only org", async () => {
    await expectStytchError(
      t.client.otps.sms.send({ organization_id: ORG.globex.id, member_id: ADA.members.globex }),
      400,
      "no_session_arguments",
    );
    await expectStytchError(
      t.client.otps.sms.send({
        organization_id: ORG.umbrella.id,
        member_id: ADA.members.umbrella,
        mfa_phone_number: "+15555550100",
      }),
      400,
      "operation_restricted_by_organization_mfa_methods",
    );
  });

  it("steps up an existing session with an SMS factor (session_token instead of an IST)", async () => {
    const carol = t.emu.createSession({ memberId: DEMO.people.carol.members.acme });
    await t.client.otps.sms.send({
      organization_id: ORG.acme.id,
      member_id: DEMO.people.carol.members.acme,
      session_token: carol.sessionToken,
    });
    const r = await t.client.otps.sms.authenticate({
      organization_id: ORG.acme.id,
      member_id: DEMO.people.carol.members.acme,
      session_token: carol.sessionToken,
      code: smsCode(DEMO.people.carol.members.acme),
    });
    expect(r.session_token).toBe(carol.sessionToken);
    expect(r.member_session?.authentication_factors.map((f) => f.delivery_method)).toEqual(["email", "sms"]);
  });
});

describe("intermediate session tokens", () => {
  it("expire after 10 minutes", async () => {
    const ex = await exchangeInto("umbrella");
    t.clock.advance(10 * MINUTE);
    await expectStytchError(
      t.client.totps.authenticate({
        organization_id: ORG.umbrella.id,
        member_id: ADA.members.umbrella,
        code: totpCode(ADA.totpSecret, t.clock.now()),
        intermediate_session_token: ex.intermediate_session_token,
      }),
      404,
      "intermediate_session_not_found",
    );
  });

  it("are bound to their organization and member", async () => {
    const ex = await exchangeInto("globex");
    const ist = ex.intermediate_session_token;
    await expectStytchError(
      t.client.otps.sms.authenticate({
        organization_id: ORG.acme.id,
        member_id: ADA.members.acme,
        code: "123456",
        intermediate_session_token: ist,
      }),
      400,
      "invalid_intermediate_session_token_for_organization",
    );
    await expectStytchError(
      t.client.otps.sms.authenticate({
        organization_id: ORG.globex.id,
        member_id: DEMO.people.bob.members.globex,
        code: "123456",
        intermediate_session_token: ist,
      }),
      400,
      "invalid_intermediate_session_token_for_organization",
    );
  });

  it("from a primary_required exchange cannot be finished with MFA alone", async () => {
    const ex = await exchangeInto("initech");
    await expectStytchError(
      t.client.recoveryCodes.recover({
        organization_id: ORG.initech.id,
        member_id: ADA.members.initech,
        recovery_code: "x",
        intermediate_session_token: ex.intermediate_session_token,
      }),
      404,
      "recovery_codes_not_found",
    );
    await t.client.otps.sms.send({
      organization_id: ORG.initech.id,
      member_id: ADA.members.initech,
      mfa_phone_number: "+15555550111",
      intermediate_session_token: ex.intermediate_session_token,
    });
    await expectStytchError(
      t.client.otps.sms.authenticate({
        organization_id: ORG.initech.id,
        member_id: ADA.members.initech,
        code: smsCode(ADA.members.initech),
        intermediate_session_token: ex.intermediate_session_token,
      }),
      400,
      "invalid_session_missing_primary_factor",
    );
  });

  it("MFA calls need exactly one of IST, session token, session JWT", async () => {
    await expectStytchError(
      t.client.totps.authenticate({
        organization_id: ORG.umbrella.id,
        member_id: ADA.members.umbrella,
        code: "123456",
      }),
      400,
      "no_session_arguments",
    );
  });
});

describe("TOTP", () => {
  it("accepts a real RFC 6238 code (±1 step) and rejects others; the session carries the TOTP factor", async () => {
    const ex = await exchangeInto("umbrella");
    const base = {
      organization_id: ORG.umbrella.id,
      member_id: ADA.members.umbrella,
      intermediate_session_token: ex.intermediate_session_token,
    };
    // A moment at which the code of two steps ago is none of the three accepted ones (one in ~300,000 is):
    // the clock is ours, so move it a step on rather than skip the check.
    const acceptedAt = (at: number) =>
      new Set([-30_000, 0, 30_000].map((d) => totpCode(ADA.totpSecret, at + d)));
    const collides = (at: number) => acceptedAt(at).has(totpCode(ADA.totpSecret, at - 60_000));
    for (let steps = 0; steps < 5 && collides(t.clock.now()); steps++) t.clock.advance(30_000);
    const now = t.clock.now();
    const candidates = acceptedAt(now);
    let wrong = "000000";
    for (let i = 0; candidates.has(wrong); i++) wrong = String(i).padStart(6, "0");
    await expectStytchError(
      t.client.totps.authenticate({ ...base, code: wrong }),
      401,
      "unable_to_authenticate_totp",
    );
    await expectStytchError(t.client.totps.authenticate({ ...base, code: "12ab" }), 400, "invalid_totp_code");
    const twoStepsAgo = totpCode(ADA.totpSecret, now - 60_000);
    expect(candidates.has(twoStepsAgo)).toBe(false);
    await expectStytchError(
      t.client.totps.authenticate({ ...base, code: twoStepsAgo }),
      401,
      "unable_to_authenticate_totp",
    );
    const r = await t.client.totps.authenticate({ ...base, code: totpCode(ADA.totpSecret, now - 30_000) });
    const factors = r.member_session!.authentication_factors;
    expect(factors.map((f) => [f.type, f.delivery_method])).toEqual([
      ["magic_link", "email"],
      ["totp", "authenticator_app"],
    ]);
    expect(factors[1].authenticator_app_factor).toEqual({ totp_id: ADA.totpRegistrationId });
  });

  it("matches the RFC 6238 SHA1 test vector", () => {
    // Secret "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), T = 59 s -> 94287082 (8 digits).
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1_111_111_109_000)).toBe("081804");
  });

  it("errors: a member without TOTP -> 404 totp_not_found", async () => {
    const ex = await exchangeInto("globex");
    await expectStytchError(
      t.client.totps.authenticate({
        organization_id: ORG.globex.id,
        member_id: ADA.members.globex,
        code: "123456",
        intermediate_session_token: ex.intermediate_session_token,
      }),
      404,
      "totp_not_found",
    );
  });
});

describe("recovery codes", () => {
  it("each code works once; recovery_codes_remaining counts down", async () => {
    const [code1, code2] = ADA.recoveryCodes;
    const ex1 = await exchangeInto("umbrella");
    const base = { organization_id: ORG.umbrella.id, member_id: ADA.members.umbrella };
    const r = await t.client.recoveryCodes.recover({
      ...base,
      recovery_code: code1,
      intermediate_session_token: ex1.intermediate_session_token,
    });
    expect(r.recovery_codes_remaining).toBe(9);
    const factors = r.member_session!.authentication_factors;
    expect(factors[1]).toMatchObject({ type: "recovery_codes", delivery_method: "recovery_code" });
    expect(factors[1].recovery_code_factor?.totp_recovery_code_id).toMatch(/^totp-recovery-code-test-/);

    const ex2 = await exchangeInto("umbrella");
    await expectStytchError(
      t.client.recoveryCodes.recover({
        ...base,
        recovery_code: code1,
        intermediate_session_token: ex2.intermediate_session_token,
      }),
      401,
      "unable_to_authenticate_recovery_code",
    );
    const r2 = await t.client.recoveryCodes.recover({
      ...base,
      recovery_code: code2,
      intermediate_session_token: ex2.intermediate_session_token,
    });
    expect(r2.recovery_codes_remaining).toBe(8);
  });
});
