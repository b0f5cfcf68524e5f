import { DEMO, totpCode } from "../../src/emulator";
import { createFrontendClient, type FrontendClient } from "../support/clients";
import { COMPLETE_MFA, SIGN_OUT, SWITCH, VIEWER } from "../support/flow-operations";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

/** A mobile app: it stores the tokens it is given and sends them as `Authorization: Bearer`. */
function mobile(): FrontendClient & { token: () => string; store: (token: string) => void } {
  let token = stack.emulator.demoSessions.ada.sessionToken;
  const client = createFrontendClient(stack.url, { bearer: () => token });
  return Object.assign(client, { token: () => token, store: (next: string) => (token = next) });
}

function expectNoCookies(client: FrontendClient) {
  for (const exchange of client.exchanges) expect(exchange.setCookies).toEqual([]);
}

describe("mobile (bearer tokens) with @apollo/client", () => {
  it("switches into a plain organization and receives the new tokens", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "hooli" });
    const result = data.exchangeSession;
    expect(result.__typename).toBe("AuthenticatedSession");
    expect(result.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(result.sessionJwt.split(".")).toHaveLength(3);
    app.store(result.sessionJwt);
    expect((await app.query(VIEWER)).data.viewer.organization.slug).toBe("hooli");
    expectNoCookies(app);
  });

  it("passes SMS MFA with the intermediate token it was given", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "globex" });
    const challenge = data.exchangeSession;
    expect(challenge.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const code = stack.emulator.lastSmsCode(challenge.member.id)!.code;
    const done = await app.mutate(COMPLETE_MFA, {
      orgId: challenge.organization.id,
      memberId: challenge.member.id,
      method: "SMS_OTP",
      code,
      ist: challenge.intermediateSessionToken,
    });
    expect(done.data.completeMfa.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    app.store(done.data.completeMfa.sessionToken);
    expect((await app.query(VIEWER)).data.viewer.organization.slug).toBe("globex");
    expectNoCookies(app);
  });

  it("passes TOTP and recovery-code MFA", async () => {
    for (const [method, code] of [
      ["TOTP", () => totpCode(DEMO.people.ada.totpSecret, Date.now())],
      ["RECOVERY_CODE", () => DEMO.people.ada.recoveryCodes[1]],
    ] as const) {
      const app = mobile();
      const { data } = await app.mutate(SWITCH, { orgId: "umbrella" });
      const { member, organization, intermediateSessionToken } = data.exchangeSession;
      const done = await app.mutate(COMPLETE_MFA, {
        orgId: organization.id,
        memberId: member.id,
        method,
        code: code(),
        ist: intermediateSessionToken,
      });
      expect(done.error).toBeUndefined();
      expect(done.data.completeMfa.organization.slug).toBe("umbrella");
      expectNoCookies(app);
    }
  });

  it("is told which primary methods an SSO-only organization needs", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "initech" });
    expect(data.exchangeSession).toMatchObject({
      __typename: "PrimaryAuthRequired",
      allowedAuthMethods: ["sso"],
    });
    expect(data.exchangeSession.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("signs out, after which viewer is null", async () => {
    const app = mobile();
    expect((await app.mutate(SIGN_OUT)).data.signOut).toBe(true);
    expect((await app.query(VIEWER)).data.viewer).toBeNull();
    expectNoCookies(app);
  });

  it("refuses an operation that would send several SMS codes or complete MFA several times", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "globex" });
    const { member, organization, intermediateSessionToken } = data.exchangeSession;
    const before = stack.emulator.lastSmsCode(member.id)!.code;
    const args = `orgId: "${organization.id}", memberId: "${member.id}", intermediateSessionToken: "${intermediateSessionToken}"`;
    for (const query of [
      `mutation { a: sendMfaSmsCode(${args}) { smsCodeSent } b: sendMfaSmsCode(${args}) { smsCodeSent } }`,
      `mutation { a: completeMfa(${args}, method: SMS_OTP, code: "111111") { sessionToken } b: completeMfa(${args}, method: SMS_OTP, code: "222222") { sessionToken } }`,
      `mutation { exchangeSession(orgId: "hooli") { __typename } signOut }`,
    ]) {
      const response = await fetch(stack.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.token()}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    expect(stack.emulator.lastSmsCode(member.id)!.code).toBe(before);
  });

  it("shares one Stytch call among aliased viewer fields", async () => {
    stack.emulator.clearRequestLog();
    const response = await fetch(stack.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${stack.emulator.demoSessions.ada.sessionToken}`,
      },
      body: JSON.stringify({
        query: `{ a: viewer { organizations { nextStep } } b: viewer { member { id } organizations { isCurrent } } }`,
      }),
    });
    const body = (await response.json()) as any;
    expect(body.data.a.organizations.length).toBeGreaterThan(1);
    expect(
      stack.emulator
        .requestLog()
        .map((entry) => entry.route)
        .sort(),
    ).toEqual(["/v1/b2b/discovery/organizations", "/v1/b2b/sessions/authenticate"]);
  });

  it("answers BAD_USER_INPUT for an MFA method the member has not enrolled", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "globex" });
    const { member, organization, intermediateSessionToken } = data.exchangeSession;
    const done = await app.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "TOTP",
      code: "123456",
      ist: intermediateSessionToken,
    });
    expect(done.error?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("gives an anonymous caller finishing MFA by argument its tokens, and no cookie", async () => {
    const app = mobile();
    const { data } = await app.mutate(SWITCH, { orgId: "globex" });
    const { member, organization, intermediateSessionToken } = data.exchangeSession;
    const code = stack.emulator.lastSmsCode(member.id)!.code;
    const anonymous = createFrontendClient(stack.url, {});
    const done = await anonymous.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "SMS_OTP",
      code,
      ist: intermediateSessionToken,
    });
    expect(done.data.completeMfa.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expectNoCookies(anonymous);
  });

  it("uses the bearer and writes no cookie when a request carries both", async () => {
    const bob = stack.emulator.demoSessions.bob;
    const ada = stack.emulator.demoSessions.ada;
    const response = await fetch(stack.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${ada.sessionToken}`,
        cookie: `stytch_session=${bob.sessionToken}`,
      },
      body: JSON.stringify({
        query: `mutation { exchangeSession(orgId: "hooli") { ... on AuthenticatedSession { member { email } sessionToken } } }`,
      }),
    });
    const body = (await response.json()) as any;
    expect(body.data.exchangeSession.member.email).toBe(DEMO.people.ada.email);
    expect(body.data.exchangeSession.sessionToken).toBeTruthy();
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
