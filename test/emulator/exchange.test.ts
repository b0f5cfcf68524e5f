import { DEMO } from "../../src/emulator";
import { expectStytchError, MINUTE, startEmulator, validationStats, type TestEmulator } from "./helpers";

// sessions.exchange through the official SDK: the three outcomes, the SMS side effect, the undocumented
// choices (old session, same org, custom claims, invites) and every listed error.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ada = () => t.emu.demoSessions.ada;
const bob = () => t.emu.demoSessions.bob;

describe("outcomes", () => {
  it("authenticates into an org whose policy the carried factors satisfy (Ada: acme -> hooli, invited)", async () => {
    const before = validationStats.count;
    const r = await t.client.sessions.exchange({
      organization_id: DEMO.organizations.hooli.id,
      session_token: ada().sessionToken,
    });
    expect(validationStats.count).toBe(before + 1);
    expect(r.member_authenticated).toBe(true);
    expect(r.status_code).toBe(200);
    expect(r.request_id).toMatch(/^request-id-test-/);
    expect(r.member_id).toBe(DEMO.people.ada.members.hooli);
    expect(r.session_token).toHaveLength(44);
    expect(r.session_jwt.split(".")).toHaveLength(3);
    expect(r.intermediate_session_token).toBe("");
    expect(r.mfa_required).toBeNull();
    expect(r.primary_required).toBeNull();
    expect(r.member_session?.organization_id).toBe(DEMO.organizations.hooli.id);
    expect(r.member_session?.organization_slug).toBe("hooli");
    expect(r.member_session?.authentication_factors.map((f) => f.type)).toEqual(["magic_link"]);
    // Accepting the invite: the invited member becomes active once fully authenticated.
    expect(r.member.status).toBe("active");
    expect(t.emu.state.member(DEMO.people.ada.members.hooli)?.status).toBe("active");
    // The new session works.
    const auth = await t.client.sessions.authenticate({ session_token: r.session_token });
    expect(auth.member_session.member_id).toBe(DEMO.people.ada.members.hooli);
  });

  it("requires MFA in a REQUIRED_FOR_ALL org and sends the SMS at once (Ada: acme -> globex)", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: ada().sessionToken,
      locale: "es",
    });
    expect(r.member_authenticated).toBe(false);
    expect(r.session_token).toBe("");
    expect(r.session_jwt).toBe("");
    expect(r.member_session).toBeNull();
    expect(r.primary_required).toBeNull();
    expect(r.intermediate_session_token).toHaveLength(44);
    expect(r.mfa_required).toEqual({
      member_options: { mfa_phone_number: "XXXXXXX0100", totp_registration_id: "" },
      secondary_auth_initiated: "sms_otp",
    });
    const sms = t.emu.lastSmsCode(DEMO.people.ada.members.globex);
    expect(sms).toMatchObject({
      phoneNumber: "+15555550100",
      locale: "es",
      organizationId: DEMO.organizations.globex.id,
    });
    expect(sms?.code).toMatch(/^\d{6}$/);
  });

  it("requires the primary method of a RESTRICTED org first (Ada: acme -> initech, SSO only)", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "initech",
      session_token: ada().sessionToken,
    });
    expect(r.member_authenticated).toBe(false);
    expect(r.primary_required).toEqual({ allowed_auth_methods: ["sso"] });
    expect(r.mfa_required).toBeNull();
    expect(r.intermediate_session_token).not.toBe("");
    expect(r.member_session).toBeNull();
  });

  it("offers TOTP and sends nothing when the org restricts MFA to TOTP (Ada: acme -> umbrella)", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "umbrella",
      session_token: ada().sessionToken,
    });
    expect(r.member_authenticated).toBe(false);
    expect(r.mfa_required).toEqual({
      member_options: { mfa_phone_number: "", totp_registration_id: DEMO.people.ada.totpRegistrationId },
      secondary_auth_initiated: null,
    });
    expect(t.emu.lastSmsCode(DEMO.people.ada.members.umbrella)).toBeUndefined();
  });

  it("requires MFA with empty member options and sends nothing for a member without phone or TOTP (Bob -> globex)", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: bob().sessionToken,
    });
    expect(r.member_authenticated).toBe(false);
    expect(r.mfa_required).toEqual({
      member_options: { mfa_phone_number: "", totp_registration_id: "" },
      secondary_auth_initiated: null,
    });
    expect(t.emu.lastSmsCode(DEMO.people.bob.members.globex)).toBeUndefined();
  });

  it("requires MFA for an mfa_enrolled member even in an OPTIONAL org (Dave: acme -> hooli)", async () => {
    const dave = t.emu.createSession({ memberId: DEMO.people.dave.members.acme });
    const r = await t.client.sessions.exchange({
      organization_id: "hooli",
      session_token: dave.sessionToken,
    });
    expect(r.mfa_required?.member_options?.mfa_phone_number).toBe("XXXXXXX0177");
    expect(r.mfa_required?.secondary_auth_initiated).toBe("sms_otp");
  });

  it("lets an SMS factor for the same verified phone satisfy the target's MFA", async () => {
    // Ada's globex member has +15555550100 verified; a session carrying that SMS factor needs no new MFA.
    const viaGlobex = t.emu.createSession({
      memberId: DEMO.people.ada.members.globex,
      factors: ["magic_link", "sms_otp"],
    });
    const back = await t.client.sessions.exchange({
      organization_id: "acme",
      session_token: viaGlobex.sessionToken,
    });
    expect(back.member_authenticated).toBe(true);
    // Into globex from acme with an SMS factor of another phone: MFA still required.
    const other = t.emu.createSession({
      memberId: DEMO.people.ada.members.acme,
      factors: [
        "magic_link",
        {
          type: "otp",
          delivery_method: "sms",
          phone_number_factor: { phone_id: "phone-number-test-x", phone_number: "+15555559999" },
        },
      ],
    });
    const r = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: other.sessionToken,
    });
    expect(r.member_authenticated).toBe(false);
    const same = t.emu.createSession({
      memberId: DEMO.people.ada.members.acme,
      factors: [
        "magic_link",
        {
          type: "otp",
          delivery_method: "sms",
          phone_number_factor: { phone_id: "phone-number-test-y", phone_number: "+15555550100" },
        },
      ],
    });
    const ok = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: same.sessionToken,
    });
    expect(ok.member_authenticated).toBe(true);
    expect(ok.member_session?.authentication_factors.map((f) => f.delivery_method)).toEqual(["email", "sms"]);
  });

  it("does not carry password factors over, and an SSO factor of the org's connection satisfies a RESTRICTED org", async () => {
    const pw = t.emu.createSession({ memberId: DEMO.people.ada.members.acme, factors: ["password"] });
    const r = await t.client.sessions.exchange({ organization_id: "hooli", session_token: pw.sessionToken });
    expect(r.member_authenticated).toBe(false);
    expect(r.primary_required?.allowed_auth_methods).toContain("magic_link");

    const sso = t.emu.createSession({ memberId: DEMO.people.ada.members.initech, factors: ["sso"] });
    const there = await t.client.sessions.exchange({
      organization_id: "acme",
      session_token: sso.sessionToken,
    });
    // An initech SSO factor is not an acme connection: nothing valid carries over.
    expect(there.member_authenticated).toBe(false);
    const google = t.emu.createSession({ memberId: DEMO.people.ada.members.acme, factors: ["google_oauth"] });
    const g = await t.client.sessions.exchange({
      organization_id: "hooli",
      session_token: google.sessionToken,
    });
    expect(g.member_authenticated).toBe(true);
    expect(g.member_session?.authentication_factors[0].delivery_method).toBe("oauth_google");
  });

  it("accepts the target org as id, slug or external id", async () => {
    for (const ref of [DEMO.organizations.acme.id, "acme", DEMO.organizations.acme.externalId]) {
      const r = await t.client.sessions.exchange({ organization_id: ref, session_token: bob().sessionToken });
      expect(r.organization.organization_id).toBe(DEMO.organizations.acme.id);
    }
  });

  it("accepts a session JWT instead of a token", async () => {
    const r = await t.client.sessions.exchange({ organization_id: "hooli", session_jwt: ada().sessionJwt });
    expect(r.member_authenticated).toBe(true);
  });

  it("returns member_device only for a telemetry_id", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "hooli",
      session_token: ada().sessionToken,
      telemetry_id: "tel-1",
    });
    expect(r.member_device?.visitor_id).toMatch(/^visitor-/);
    const r2 = await t.client.sessions.exchange({
      organization_id: "acme",
      session_token: ada().sessionToken,
    });
    expect(r2.member_device).toBeUndefined();
  });
});

describe("undocumented behaviour, as chosen", () => {
  it("keeps the source session valid after an exchange", async () => {
    await t.client.sessions.exchange({ organization_id: "hooli", session_token: ada().sessionToken });
    const still = await t.client.sessions.authenticate({ session_token: ada().sessionToken });
    expect(still.member_session.organization_id).toBe(DEMO.organizations.acme.id);
  });

  it("allows a same-org exchange and returns a new session", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "acme",
      session_token: ada().sessionToken,
    });
    expect(r.member_authenticated).toBe(true);
    expect(r.session_token).not.toBe(ada().sessionToken);
    expect(r.member_session?.member_session_id).not.toBe(ada().memberSessionId);
  });

  it("does not carry custom claims over; the new session has only the claims sent", async () => {
    const withClaims = t.emu.createSession({
      memberId: DEMO.people.ada.members.acme,
      customClaims: { tenant_hint: "a" },
    });
    const r = await t.client.sessions.exchange({
      organization_id: "hooli",
      session_token: withClaims.sessionToken,
      session_custom_claims: { plan: "pro" },
    });
    expect(r.member_session?.custom_claims).toEqual({ plan: "pro" });
    const local = await t.client.sessions.authenticateJwtLocal({ session_jwt: r.session_jwt });
    expect(local.custom_claims).toEqual({ plan: "pro" });
  });

  it("honours session_duration_minutes", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "hooli",
      session_token: ada().sessionToken,
      session_duration_minutes: 30,
    });
    const started = Date.parse(r.member_session!.started_at);
    expect(Date.parse(r.member_session!.expires_at) - started).toBe(30 * MINUTE);
  });
});

describe("errors", () => {
  it("unknown session token -> 404 session_not_found", async () => {
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "acme", session_token: "x".repeat(44) }),
      404,
      "session_not_found",
    );
  });

  it("revoked or expired session, even with a validly signed JWT -> 404 session_not_found", async () => {
    const jwt = ada().sessionJwt;
    await t.client.sessions.revoke({ session_token: ada().sessionToken });
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "hooli", session_jwt: jwt }),
      404,
      "session_not_found",
    );
    const bobJwt = bob().sessionJwt;
    t.clock.advance(61 * MINUTE); // demo sessions last 60 minutes
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "globex", session_token: bob().sessionToken }),
      404,
      "session_not_found",
    );
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "globex", session_jwt: bobJwt }),
      404,
      "session_not_found",
    );
  });

  it("unknown organization -> 404 organization_not_found", async () => {
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "no-such-org", session_token: ada().sessionToken }),
      404,
      "organization_not_found",
    );
  });

  it("no member of the person in the org -> 404 member_not_found (Bob -> initech)", async () => {
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "initech", session_token: bob().sessionToken }),
      404,
      "member_not_found",
    );
  });

  it("neither token nor JWT -> 400 no_session_arguments; both -> 400 too_many_session_arguments", async () => {
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "acme" }),
      400,
      "no_session_arguments",
    );
    await expectStytchError(
      t.client.sessions.exchange({
        organization_id: "acme",
        session_token: ada().sessionToken,
        session_jwt: ada().sessionJwt,
      }),
      400,
      "too_many_session_arguments",
    );
  });

  it("session_duration_minutes outside 5..527040 -> 400 invalid_session_duration_minutes", async () => {
    for (const minutes of [4, 527041, 0, -1]) {
      await expectStytchError(
        t.client.sessions.exchange({
          organization_id: "hooli",
          session_token: ada().sessionToken,
          session_duration_minutes: minutes,
        }),
        400,
        "invalid_session_duration_minutes",
      );
    }
    for (const minutes of [5, 527040]) {
      const r = await t.client.sessions.exchange({
        organization_id: "hooli",
        session_token: ada().sessionToken,
        session_duration_minutes: minutes,
      });
      expect(r.member_authenticated).toBe(true);
    }
  });

  it("custom claims: reserved -> 400 reserved_claims_in_custom_claims; > 4 KB -> 400 custom_claims_too_large", async () => {
    for (const claim of ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]) {
      await expectStytchError(
        t.client.sessions.exchange({
          organization_id: "hooli",
          session_token: ada().sessionToken,
          session_custom_claims: { [claim]: "x" },
        }),
        400,
        "reserved_claims_in_custom_claims",
      );
    }
    await expectStytchError(
      t.client.sessions.exchange({
        organization_id: "hooli",
        session_token: ada().sessionToken,
        session_custom_claims: { big: "x".repeat(4100) },
      }),
      400,
      "custom_claims_too_large",
    );
    await expectStytchError(
      t.client.sessions.exchange({
        organization_id: "hooli",
        session_token: ada().sessionToken,
        session_custom_claims: { "https://stytch.com/session": {} },
      }),
      400,
      "stytch_claims_in_custom_claims",
    );
  });

  it("unsupported locale -> 400 invalid_locale", async () => {
    await expectStytchError(
      t.client.sessions.exchange({
        organization_id: "globex",
        session_token: ada().sessionToken,
        locale: "xx",
      }),
      400,
      "invalid_locale",
    );
  });

  it("a JWT from another signer -> 400 unable_to_parse_session_jwt", async () => {
    const [h, p] = ada().sessionJwt.split(".");
    await expectStytchError(
      t.client.sessions.exchange({ organization_id: "acme", session_jwt: `${h}.${p}.AAAA` }),
      400,
      "unable_to_parse_session_jwt",
    );
  });
});
