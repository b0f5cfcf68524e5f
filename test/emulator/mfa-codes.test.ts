import { DEMO, totpCode } from "../../src/emulator";
import { startEmulator, type TestEmulator } from "./helpers";

// The control routes a person uses instead of a phone or an authenticator app: the member directory, the
// current TOTP code and the unused recovery codes, read over HTTP and then accepted by the real MFA routes.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ORG = DEMO.organizations;
const ADA = DEMO.people.ada;

async function control(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}/__emulator${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function exchangeIntoUmbrella() {
  return t.client.sessions.exchange({
    organization_id: ORG.umbrella.id,
    session_token: t.emu.demoSessions.ada.sessionToken,
  });
}

describe("GET /__emulator/members", () => {
  it("lists every seeded member with its organization and MFA factors", async () => {
    const { status, body } = await control("/members");
    expect(status).toBe(200);
    const members = body.members as Array<Record<string, any>>;
    expect(members).toHaveLength(t.emu.state.members.length);
    const umbrella = members.find((m) => m.member_id === ADA.members.umbrella);
    expect(umbrella).toEqual({
      member_id: ADA.members.umbrella,
      email_address: "ada@example.com",
      status: "active",
      organization: { organization_id: ORG.umbrella.id, slug: "umbrella", name: expect.any(String) },
      mfa: { phone_number: null, totp: true, recovery_codes: true },
    });
    const globex = members.find((m) => m.member_id === ADA.members.globex);
    expect(globex?.mfa).toEqual({ phone_number: "+15555550100", totp: false, recovery_codes: false });
  });
});

describe("GET /__emulator/totp/{member_id}", () => {
  it("answers the code of the current step, which the TOTP route accepts", async () => {
    const { status, body } = await control(`/totp/${ADA.members.umbrella}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      member_id: ADA.members.umbrella,
      organization_id: ORG.umbrella.id,
      code: totpCode(ADA.totpSecret, t.clock.now()),
      accepted_drift_steps: 1,
    });
    const from = Date.parse(body.valid_from as string);
    expect(Date.parse(body.valid_until as string) - from).toBe(30_000);
    expect(from).toBeLessThanOrEqual(t.clock.now());
    const ex = await exchangeIntoUmbrella();
    const r = await t.client.totps.authenticate({
      organization_id: ORG.umbrella.id,
      member_id: ADA.members.umbrella,
      intermediate_session_token: ex.intermediate_session_token,
      code: body.code as string,
    });
    expect(r.member_id).toBe(ADA.members.umbrella);
  });

  it("follows the emulator clock", async () => {
    const before = (await control(`/totp/${ADA.members.umbrella}`)).body;
    t.clock.advance(30_000);
    const after = (await control(`/totp/${ADA.members.umbrella}`)).body;
    expect(Date.parse(after.valid_from as string)).toBe(Date.parse(before.valid_from as string) + 30_000);
    expect(after.code).toBe(totpCode(ADA.totpSecret, t.clock.now()));
  });

  it("404s in the emulator's error envelope for unknown members and members without TOTP", async () => {
    const unknown = await control("/totp/member-test-nobody");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status_code: 404, error_type: "member_not_found" });
    expect(unknown.body.error_message).toContain("member-test-nobody");
    const noTotp = await control(`/totp/${ADA.members.globex}`);
    expect(noTotp.body).toMatchObject({ status_code: 404, error_type: "totp_not_found" });
    expect(typeof noTotp.body.request_id).toBe("string");
  });
});

describe("GET /__emulator/recovery-codes/{member_id}", () => {
  it("lists unused codes; one used through the SDK disappears from the list", async () => {
    const first = await control(`/recovery-codes/${ADA.members.umbrella}`);
    expect(first.status).toBe(200);
    expect(first.body.recovery_codes).toEqual(ADA.recoveryCodes);
    const [code] = first.body.recovery_codes as string[];
    const ex = await exchangeIntoUmbrella();
    const r = await t.client.recoveryCodes.recover({
      organization_id: ORG.umbrella.id,
      member_id: ADA.members.umbrella,
      intermediate_session_token: ex.intermediate_session_token,
      recovery_code: code,
    });
    expect(r.recovery_codes_remaining).toBe(ADA.recoveryCodes.length - 1);
    const after = await control(`/recovery-codes/${ADA.members.umbrella}`);
    expect(after.body.recovery_codes).toEqual(ADA.recoveryCodes.slice(1));
  });

  it("404s for unknown members and members without recovery codes", async () => {
    expect((await control("/recovery-codes/member-test-nobody")).body).toMatchObject({
      status_code: 404,
      error_type: "member_not_found",
    });
    expect((await control(`/recovery-codes/${ADA.members.acme}`)).body).toMatchObject({
      status_code: 404,
      error_type: "recovery_codes_not_found",
    });
  });
});

describe("GET /__emulator", () => {
  it("lists the new routes", async () => {
    const routes = (await control("")).body.routes as string[];
    expect(routes).toEqual(
      expect.arrayContaining([
        "GET /__emulator/members",
        "GET /__emulator/totp/{member_id}",
        "GET /__emulator/recovery-codes/{member_id}",
      ]),
    );
  });
});

it("keeps the in-process handle in step with the routes", () => {
  expect(t.emu.currentTotpCode(ADA.members.umbrella).code).toBe(totpCode(ADA.totpSecret, t.clock.now()));
  expect(() => t.emu.unusedRecoveryCodes("member-test-nobody")).toThrow(/No member/);
});
