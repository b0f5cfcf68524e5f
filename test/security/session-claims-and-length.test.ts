import { startStack, type Stack } from "../support/start-stack";

/**
 * The review had Stytch sign `role: "superuser"` into a session JWT that downstream services trust, and got a
 * 366-day session and cookie, by asking exchangeSession for them.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const EXCHANGE = "/v1/b2b/sessions/exchange";
const exchanges = () => stack.emulator.requestLog().filter((entry) => entry.route === EXCHANGE);
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()) as object;

describe("session claims", () => {
  it("are not an argument of any mutation: a request naming them is refused before Stytch", async () => {
    stack.emulator.clearRequestLog();
    const answer = await stack.gql(
      `mutation { exchangeSession(orgId: "hooli", customClaims: { role: "superuser" }) { __typename } }`,
      {},
      stack.emulator.demoSessions.ada.sessionToken,
    );
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.body.errors?.[0]?.message).toMatch(/customClaims/);
    expect(exchanges()).toHaveLength(0);
  });

  it("never reach Stytch: the new session's JWT carries only Stytch's and registered claims", async () => {
    stack.emulator.clearRequestLog();
    const answer = await stack.gql(
      `mutation { exchangeSession(orgId: "hooli") { ... on AuthenticatedSession { sessionJwt } } }`,
      {},
      stack.emulator.demoSessions.ada.sessionToken,
    );
    const jwt = (answer.body.data!.exchangeSession as { sessionJwt: string }).sessionJwt;
    const registered = ["aud", "exp", "iat", "iss", "jti", "nbf", "sub"];
    const custom = Object.keys(claimsOf(jwt)).filter(
      (claim) => !registered.includes(claim) && !claim.startsWith("https://stytch.com/"),
    );
    expect(custom).toEqual([]);
    expect(exchanges()).toHaveLength(1);
    expect(exchanges()[0].body).not.toHaveProperty("session_custom_claims");
  });
});

describe("session length", () => {
  it("is the server's maximum when the client asks for nothing, and the cookie ends with the session", async () => {
    const before = Date.now();
    const response = await fetch(stack.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: `stytch_session=${stack.emulator.demoSessions.ada.sessionToken}`,
      },
      body: JSON.stringify({
        query: `mutation { exchangeSession(orgId: "hooli") { ... on AuthenticatedSession { session { expiresAt } } } }`,
      }),
    });
    const body = (await response.json()) as { data: { exchangeSession: { session: { expiresAt: string } } } };
    const lifetimeMs = Date.parse(body.data.exchangeSession.session.expiresAt) - before;
    expect(lifetimeMs).toBeLessThanOrEqual(60 * 60_000 + 2_000);
    expect(lifetimeMs).toBeGreaterThan(59 * 60_000);
    expect(exchanges()[0].body).toMatchObject({ session_duration_minutes: 60 });
    const maxAges = response.headers.getSetCookie().map((cookie) => Number(/Max-Age=(\d+)/.exec(cookie)![1]));
    expect(maxAges.length).toBeGreaterThan(0);
    for (const maxAge of maxAges) expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it("may be shorter when the client asks, never longer", async () => {
    const ask = (minutes: number) =>
      stack.gql(
        `mutation ($d: Int) { exchangeSession(orgId: "hooli", sessionDurationMinutes: $d) { __typename } }`,
        { d: minutes },
        stack.emulator.demoSessions.ada.sessionToken,
      );
    stack.emulator.clearRequestLog();
    expect((await ask(527_040)).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(exchanges()).toHaveLength(0);
    expect((await ask(15)).body.data?.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
    expect(exchanges()[0].body).toMatchObject({ session_duration_minutes: 15 });
  });

  it("is capped for completeMfa too, before any code is checked", async () => {
    stack.emulator.clearRequestLog();
    const answer = await stack.gql(
      `mutation { completeMfa(orgId: "o", memberId: "m", method: TOTP, code: "123456",
        intermediateSessionToken: "abc", sessionDurationMinutes: 527040) { __typename } }`,
    );
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argumentName: "sessionDurationMinutes",
    });
    expect(stack.emulator.requestLog()).toHaveLength(0);
  });
});
