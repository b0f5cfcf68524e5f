import { DEMO, totpCode } from "../../src/emulator";
import { createFrontendClient, parseSetCookie, type FrontendClient } from "../support/clients";
import { COMPLETE_MFA, RESEND_SMS, SIGN_OUT, SWITCH, VIEWER } from "../support/flow-operations";
import { startStack, type Stack } from "../support/start-stack";

const SESSION = "stytch_session";
const SESSION_JWT = "stytch_session_jwt";
const PENDING = "stytch_intermediate_session";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

/** A browser signed in to Acme as Ada: it holds Stytch's session cookies and nothing else. */
function browser(): FrontendClient {
  const ada = stack.emulator.demoSessions.ada;
  return createFrontendClient(stack.url, {
    cookies: { [SESSION]: ada.sessionToken, [SESSION_JWT]: ada.sessionJwt },
  });
}

/** The Set-Cookie values of the client's last answer, by cookie name. */
function lastCookies(client: FrontendClient) {
  const last = client.exchanges[client.exchanges.length - 1];
  return new Map(last.setCookies.map((header) => [parseSetCookie(header).name, parseSetCookie(header)]));
}

function expectSessionCookies(client: FrontendClient, sessionExpiresAt: string) {
  const cookies = lastCookies(client);
  for (const name of [SESSION, SESSION_JWT]) {
    const cookie = cookies.get(name)!;
    expect(cookie.value.length).toBeGreaterThan(20);
    expect(cookie.attributes.has("httponly")).toBe(true);
    expect(cookie.attributes.get("samesite")).toBe("Lax");
    expect(cookie.attributes.get("path")).toBe("/");
    // Development serves plain http://localhost: no Secure there (see the production test below).
    expect(cookie.attributes.has("secure")).toBe(false);
    const expires = Date.parse(cookie.attributes.get("expires")!);
    expect(Math.abs(expires - Date.parse(sessionExpiresAt))).toBeLessThan(1500);
    expect(Number(cookie.attributes.get("max-age"))).toBeGreaterThan(50 * 60);
  }
  expect(cookies.get(PENDING)?.attributes.get("max-age")).toBe("0");
}

function expectPendingCookie(client: FrontendClient) {
  const cookie = lastCookies(client).get(PENDING)!;
  expect(cookie.value.length).toBeGreaterThan(20);
  expect(cookie.attributes.has("httponly")).toBe(true);
  expect(cookie.attributes.get("samesite")).toBe("Lax");
  expect(Number(cookie.attributes.get("max-age"))).toBeGreaterThan(9 * 60);
  expect(Number(cookie.attributes.get("max-age"))).toBeLessThanOrEqual(10 * 60);
}

/** Nothing a browser's scripts could read may carry a token: not one answer body, and no-store on all. */
function expectNoTokenInBodies(client: FrontendClient) {
  const tokens = new Set<string>([stack.emulator.demoSessions.ada.sessionToken]);
  for (const exchange of client.exchanges) {
    for (const header of exchange.setCookies) {
      const { value } = parseSetCookie(header);
      if (value) tokens.add(value);
    }
  }
  for (const exchange of client.exchanges) {
    expect(exchange.cacheControl).toBe("no-store");
    for (const token of tokens) expect(exchange.body).not.toContain(token);
    expect(exchange.body).not.toMatch(/"(sessionToken|sessionJwt|intermediateSessionToken)":"/);
  }
}

async function viewerSlug(client: FrontendClient): Promise<string | null> {
  const { data } = await client.query(VIEWER);
  return data?.viewer?.organization.slug ?? null;
}

describe("web (cookies only) with @apollo/client", () => {
  it("switches into a plain organization and rotates the session cookies", async () => {
    const web = browser();
    const { data, error } = await web.mutate(SWITCH, { orgId: "hooli" });
    expect(error).toBeUndefined();
    expect(data.exchangeSession).toMatchObject({
      __typename: "AuthenticatedSession",
      sessionToken: null,
      sessionJwt: null,
    });
    expectSessionCookies(web, data.exchangeSession.session.expiresAt);
    expect(await viewerSlug(web)).toBe("hooli");
    expectNoTokenInBodies(web);
  });

  it("passes an SMS MFA challenge with the code read from the emulator", async () => {
    const web = browser();
    const { data } = await web.mutate(SWITCH, { orgId: "globex" });
    const challenge = data.exchangeSession;
    expect(challenge).toMatchObject({
      __typename: "MfaChallenge",
      smsCodeSent: true,
      intermediateSessionToken: null,
    });
    expectPendingCookie(web);
    const sms = await fetch(`${stack.emulator.url}/__emulator/sms/${challenge.member.id}`).then(
      (r) => r.json() as Promise<any>,
    );
    const done = await web.mutate(COMPLETE_MFA, {
      orgId: challenge.organization.id,
      memberId: challenge.member.id,
      method: "SMS_OTP",
      code: sms.code,
    });
    expect(done.error).toBeUndefined();
    expect(done.data.completeMfa).toMatchObject({
      __typename: "AuthenticatedSession",
      sessionToken: null,
      organization: { slug: "globex" },
    });
    expect(done.data.completeMfa.session.authenticationFactors.map((f: any) => f.deliveryMethod)).toContain(
      "sms",
    );
    expectSessionCookies(web, done.data.completeMfa.session.expiresAt);
    expect(await viewerSlug(web)).toBe("globex");
    expectNoTokenInBodies(web);
  });

  it("keeps the pending step's cookie when the page asks for viewer in the middle of MFA", async () => {
    // Only the session token cookie: viewer must ask Stytch, which hands back a fresh JWT.
    const web = createFrontendClient(stack.url, {
      cookies: { [SESSION]: stack.emulator.demoSessions.ada.sessionToken },
    });
    const { data } = await web.mutate(SWITCH, { orgId: "globex" });
    const { member, organization } = data.exchangeSession;
    expect(await viewerSlug(web)).toBe("acme");
    expect(lastCookies(web).has(PENDING)).toBe(false);
    const code = stack.emulator.lastSmsCode(member.id)!.code;
    const done = await web.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "SMS_OTP",
      code,
    });
    expect(done.error).toBeUndefined();
    expect(done.data.completeMfa.organization.slug).toBe("globex");
  });

  it("re-sends an SMS code, voids the first, and refuses a wrong code with MFA_CODE_INVALID", async () => {
    const web = browser();
    const { data } = await web.mutate(SWITCH, { orgId: "globex" });
    const { member, organization } = data.exchangeSession;
    const first = stack.emulator.lastSmsCode(member.id)!.code;
    // Codes of one pending step are spaced 30 s apart (the switch itself sent the first).
    stack.throttleClock.advance(30_000);
    const resent = await web.mutate(RESEND_SMS, { orgId: organization.id, memberId: member.id });
    expect(resent.data.sendMfaSmsCode).toMatchObject({
      smsCodeSent: true,
      phoneNumber: DEMO.people.ada.maskedPhoneNumber,
    });
    const second = stack.emulator.lastSmsCode(member.id)!.code;
    const wrong = first === second ? String((Number(first) + 1) % 1_000_000).padStart(6, "0") : first;
    const refused = await web.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "SMS_OTP",
      code: wrong,
    });
    expect(refused.error?.errors?.[0]?.extensions?.code).toBe("MFA_CODE_INVALID");
    const done = await web.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "SMS_OTP",
      code: second,
    });
    expect(done.data.completeMfa.organization.slug).toBe("globex");
    expectNoTokenInBodies(web);
  });

  it("passes a TOTP challenge", async () => {
    const web = browser();
    const { data } = await web.mutate(SWITCH, { orgId: "umbrella" });
    const { member, organization } = data.exchangeSession;
    const code = totpCode(DEMO.people.ada.totpSecret, Date.now());
    const done = await web.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "TOTP",
      code,
    });
    expect(done.error).toBeUndefined();
    expectSessionCookies(web, done.data.completeMfa.session.expiresAt);
    expect(await viewerSlug(web)).toBe("umbrella");
    expectNoTokenInBodies(web);
  });

  it("passes a challenge with a recovery code, once", async () => {
    const web = browser();
    const code = DEMO.people.ada.recoveryCodes[0];
    const first = await web.mutate(SWITCH, { orgId: "umbrella" });
    const { member, organization } = first.data.exchangeSession;
    const done = await web.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "RECOVERY_CODE",
      code,
    });
    expect(done.data.completeMfa.organization.slug).toBe("umbrella");
    // A second browser, still in Acme, tries the same code: it was used up.
    const other = browser();
    await other.mutate(SWITCH, { orgId: "umbrella" });
    const again = await other.mutate(COMPLETE_MFA, {
      orgId: organization.id,
      memberId: member.id,
      method: "RECOVERY_CODE",
      code,
    });
    expect(again.error?.errors?.[0]?.extensions?.code).toBe("MFA_CODE_INVALID");
    expectNoTokenInBodies(web);
  });

  it("keeps the pending step of an SSO-only organization in a cookie", async () => {
    const web = browser();
    const { data } = await web.mutate(SWITCH, { orgId: "initech" });
    expect(data.exchangeSession).toMatchObject({
      __typename: "PrimaryAuthRequired",
      allowedAuthMethods: ["sso"],
      intermediateSessionToken: null,
    });
    expectPendingCookie(web);
    // The Acme session is kept: a member who gives up on SSO is still signed in where they were.
    expect(await viewerSlug(web)).toBe("acme");
    expectNoTokenInBodies(web);
  });

  it("signs out: Stytch revokes the session, the cookies are cleared, viewer is null", async () => {
    const web = browser();
    const session = stack.emulator.demoSessions.ada;
    const { data } = await web.mutate(SIGN_OUT);
    expect(data.signOut).toBe(true);
    const cookies = lastCookies(web);
    for (const name of [SESSION, SESSION_JWT, PENDING])
      expect(cookies.get(name)?.attributes.get("max-age")).toBe("0");
    expect(await viewerSlug(web)).toBeNull();
    // Even with the old cookies replayed, Stytch no longer knows the session.
    const replay = createFrontendClient(stack.url, { cookies: { [SESSION]: session.sessionToken } });
    expect(await viewerSlug(replay)).toBeNull();
    expectNoTokenInBodies(web);
  });

  it("clears the cookies when Stytch says the session is gone", async () => {
    const web = createFrontendClient(stack.url, { cookies: { [SESSION]: "x".repeat(44) } });
    const { error } = await web.mutate(SWITCH, { orgId: "hooli" });
    expect(error?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(lastCookies(web).get(SESSION)?.attributes.get("max-age")).toBe("0");
  });
});

describe("cookie attributes outside development", () => {
  it("marks every cookie Secure", async () => {
    const production = await startStack({ production: true });
    try {
      const ada = production.emulator.demoSessions.ada;
      const response = await fetch(production.url, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `${SESSION}=${ada.sessionToken}` },
        body: JSON.stringify({ query: `mutation { exchangeSession(orgId: "hooli") { __typename } }` }),
      });
      const setCookies = response.headers.getSetCookie();
      expect(setCookies.length).toBeGreaterThanOrEqual(3);
      for (const header of setCookies) expect(parseSetCookie(header).attributes.has("secure")).toBe(true);
    } finally {
      await production.stop();
    }
  });
});
