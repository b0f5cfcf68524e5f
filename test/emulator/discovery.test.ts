import { DEMO } from "../../src/emulator";
import { expectStytchError, startEmulator, type TestEmulator } from "./helpers";

// discovery.organizations.list: memberships and predicted exchange outcomes, never an SMS.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

describe("discovery.organizations.list", () => {
  it("lists Ada's memberships with the outcome an exchange would give, without sending an SMS", async () => {
    const r = await t.client.discovery.organizations.list({
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    expect(r.email_address).toBe("ada@example.com");
    expect(r.organization_id_hint).toBeNull();
    const bySlug = Object.fromEntries(
      r.discovered_organizations.map((d) => [d.organization?.organization_slug, d]),
    );
    expect(Object.keys(bySlug)).toEqual(["acme", "globex", "initech", "umbrella", "hooli"]);
    expect(bySlug.acme).toMatchObject({
      member_authenticated: true,
      mfa_required: null,
      primary_required: null,
    });
    expect(bySlug.acme.membership).toMatchObject({ type: "active_member", details: null });
    expect(bySlug.acme.membership?.member?.member_id).toBe(DEMO.people.ada.members.acme);
    expect(bySlug.globex).toMatchObject({
      member_authenticated: false,
      primary_required: null,
      mfa_required: {
        member_options: { mfa_phone_number: "XXXXXXX0100", totp_registration_id: "" },
        secondary_auth_initiated: null,
      },
    });
    expect(bySlug.initech).toMatchObject({
      member_authenticated: false,
      primary_required: { allowed_auth_methods: ["sso"] },
    });
    expect(bySlug.umbrella.mfa_required?.member_options?.totp_registration_id).toBe(
      DEMO.people.ada.totpRegistrationId,
    );
    expect(bySlug.hooli).toMatchObject({
      member_authenticated: true,
      membership: { type: "invited_member" },
    });
    expect(t.emu.lastSmsCode(DEMO.people.ada.members.globex)).toBeUndefined();

    // The predictions match what exchange then does.
    for (const d of r.discovered_organizations) {
      const ex = await t.client.sessions.exchange({
        organization_id: d.organization!.organization_id,
        session_token: t.emu.demoSessions.ada.sessionToken,
      });
      expect(ex.member_authenticated).toBe(d.member_authenticated);
      expect(ex.primary_required).toEqual(d.primary_required);
      expect(ex.mfa_required?.member_options ?? null).toEqual(d.mfa_required?.member_options ?? null);
    }
  });

  it("lists pending memberships and works with a JWT", async () => {
    const dave = t.emu.createSession({ memberId: DEMO.people.dave.members.acme });
    const r = await t.client.discovery.organizations.list({ session_jwt: dave.sessionJwt });
    const types = r.discovered_organizations.map((d) => [
      d.organization?.organization_slug,
      d.membership?.type,
    ]);
    expect(types).toEqual([
      ["acme", "active_member"],
      ["hooli", "active_member"],
      ["globex", "pending_member"],
    ]);
  });

  it("accepts an intermediate session token without consuming it, and hints its org", async () => {
    const ex = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    const ist = ex.intermediate_session_token;
    const r = await t.client.discovery.organizations.list({ intermediate_session_token: ist });
    expect(r.organization_id_hint).toBe(DEMO.organizations.globex.id);
    expect(r.discovered_organizations).toHaveLength(5);
    // Still usable afterwards.
    const again = await t.client.discovery.organizations.list({ intermediate_session_token: ist });
    expect(again.email_address).toBe("ada@example.com");
  });

  it("errors: no or several arguments, unknown session", async () => {
    await expectStytchError(t.client.discovery.organizations.list({}), 400, "no_session_arguments");
    await expectStytchError(
      t.client.discovery.organizations.list({
        session_token: t.emu.demoSessions.ada.sessionToken,
        session_jwt: t.emu.demoSessions.ada.sessionJwt,
      }),
      400,
      "too_many_session_arguments",
    );
    await expectStytchError(
      t.client.discovery.organizations.list({ session_token: "nope" }),
      404,
      "session_not_found",
    );
    await expectStytchError(
      t.client.discovery.organizations.list({ intermediate_session_token: "nope" }),
      404,
      "intermediate_session_not_found",
    );
  });
});
