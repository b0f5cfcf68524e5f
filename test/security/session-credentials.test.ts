import { createEmulator, createManualClock, DEMO, DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

/**
 * Signed-out JWTs kept working until `exp`, forged JWTs cost a Stytch call each, and two cookies could make one
 * answer speak for two people. The emulator's clock is manual so that JWTs can be minted old or distinct.
 */
const clock = createManualClock(Date.now());
let stack: Stack;
beforeAll(async () => {
  const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET, clock: clock.now });
  stack = await startStack({ emulator });
});
afterAll(() => stack.stop());
beforeEach(() => {
  clock.set(Date.now());
  stack.reset();
  stack.emulator.clearRequestLog();
});

const AUTHENTICATE = "/v1/b2b/sessions/authenticate";
const stytchCalls = () => stack.emulator.requestLog().length;
const authenticateCalls = () =>
  stack.emulator.requestLog().filter((entry) => entry.route === AUTHENTICATE).length;
const VIEWER = `{ viewer { session { id memberId } member { id } } }`;

async function viewerWithCookies(cookie: string) {
  const response = await fetch(stack.url, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query: VIEWER }),
  });
  const body = (await response.json()) as { data?: { viewer: unknown }; errors?: unknown[] };
  return { viewer: body.data?.viewer, body, setCookies: response.headers.getSetCookie() };
}

const cleared = (setCookies: string[], name: string) =>
  setCookies.some((cookie) => cookie.startsWith(`${name}=;`) && /Max-Age=0/.test(cookie));

/** A session of its own (session ids are unique, as Stytch's are; the demo sessions' come back on reset). */
const freshSession = () => stack.emulator.createSession({ memberId: DEMO.people.ada.members.acme });

/** Another JWT of the same session, as Stytch mints one on sessions.authenticate. */
async function anotherJwt(sessionToken: string): Promise<string> {
  const response = await fetch(`${stack.emulator.url}/v1/b2b/sessions/authenticate`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${DEV_PROJECT_ID}:${DEV_SECRET}`).toString("base64")}`,
    },
    body: JSON.stringify({ session_token: sessionToken }),
  });
  return ((await response.json()) as { session_jwt: string }).session_jwt;
}

describe("signOut", () => {
  it("ends the signed-out JWT, and every other JWT of that session, at once and without asking Stytch", async () => {
    clock.advance(-2_000);
    const session = freshSession();
    clock.advance(2_000);
    const second = await anotherJwt(session.sessionToken);
    expect(second).not.toBe(session.sessionJwt);
    expect((await stack.gql(VIEWER, {}, second)).body.data?.viewer).not.toBeNull();

    expect((await stack.gql("mutation { signOut }", {}, session.sessionJwt)).body.data).toEqual({
      signOut: true,
    });
    stack.emulator.clearRequestLog();
    expect((await stack.gql(VIEWER, {}, session.sessionJwt)).body.data).toEqual({ viewer: null });
    expect((await stack.gql(VIEWER, {}, second)).body.data).toEqual({ viewer: null });
    expect(stytchCalls()).toBe(0);
  });

  it("ends a browser's JWT cookie even when it is replayed after sign-out", async () => {
    const { sessionToken, sessionJwt } = freshSession();
    expect((await viewerWithCookies(`stytch_session_jwt=${sessionJwt}`)).viewer).not.toBeNull();
    const cookie = `stytch_session=${sessionToken}; stytch_session_jwt=${sessionJwt}`;
    const out = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: "mutation { signOut }" }),
    });
    expect(((await out.json()) as { data: unknown }).data).toEqual({ signOut: true });
    expect((await viewerWithCookies(`stytch_session_jwt=${sessionJwt}`)).viewer).toBeNull();
  });

  it("ends the JWTs of a session signed out by its opaque token (one extra Stytch call finds the session)", async () => {
    const { sessionToken, sessionJwt } = freshSession();
    expect((await stack.gql("mutation { signOut }", {}, sessionToken)).body.data).toEqual({ signOut: true });
    stack.emulator.clearRequestLog();
    expect((await stack.gql(VIEWER, {}, sessionJwt)).body.data).toEqual({ viewer: null });
    expect(stytchCalls()).toBe(0);
  });
});

describe("JWTs that cannot be valid", () => {
  it("cost no Stytch call: a forged signature is nobody", async () => {
    const jwt = stack.emulator.demoSessions.ada.sessionJwt;
    const [header, payload, signature] = jwt.split(".");
    const flipped = (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    const forged = `${header}.${payload}.${signature.slice(0, 10)}${flipped}`;
    stack.emulator.clearRequestLog();
    for (let i = 0; i < 20; i++)
      expect((await stack.gql(VIEWER, {}, forged)).body.data).toEqual({ viewer: null });
    expect(stytchCalls()).toBe(0);
  });

  it("while an expired but genuine JWT is renewed through Stytch, once", async () => {
    clock.advance(-10 * 60_000);
    const old = freshSession().sessionJwt;
    clock.set(Date.now());
    stack.emulator.clearRequestLog();
    const answer = await stack.gql(VIEWER, {}, old);
    expect((answer.body.data?.viewer as { member: { id: string } }).member.id).toBeTruthy();
    expect(authenticateCalls()).toBe(1);
  });
});

describe("expired JWTs", () => {
  it("are counted as their member for switch limits, not as new callers each", async () => {
    clock.advance(-10 * 60_000);
    const session = freshSession();
    const jwts: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(2_000);
      jwts.push(await anotherJwt(session.sessionToken));
    }
    clock.set(Date.now());
    stack.emulator.clearRequestLog();
    const answers = [];
    for (const jwt of jwts)
      answers.push(await stack.gql(`mutation { exchangeSession(orgId: "globex") { __typename } }`, {}, jwt));
    const texted = answers.filter((answer) => answer.body.data?.exchangeSession).length;
    expect(texted).toBe(3);
    expect(answers[3].body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });
});

describe("ambiguous cookies", () => {
  it("two session cookies of one name make the caller nobody, and the answer clears them", async () => {
    const { ada, bob } = stack.emulator.demoSessions;
    const result = await viewerWithCookies(
      `stytch_session=${bob.sessionToken}; stytch_session=${ada.sessionToken}`,
    );
    expect(result.viewer).toBeNull();
    expect(cleared(result.setCookies, "stytch_session")).toBe(true);
    expect(cleared(result.setCookies, "stytch_session_jwt")).toBe(true);
    expect(stytchCalls()).toBe(0);
  });

  it("a token of one session beside a JWT of another never answers for both", async () => {
    const { ada, bob } = stack.emulator.demoSessions;
    const result = await viewerWithCookies(
      `stytch_session=${bob.sessionToken}; stytch_session_jwt=${ada.sessionJwt}`,
    );
    expect(result.viewer).toBeNull();
    expect(JSON.stringify(result.body)).not.toContain(ada.memberId);
    expect(JSON.stringify(result.body)).not.toContain(bob.memberId);
    expect(cleared(result.setCookies, "stytch_session")).toBe(true);
    expect(cleared(result.setCookies, "stytch_session_jwt")).toBe(true);
  });

  it("the same, when the JWT has expired and the token is asked about", async () => {
    const { bob } = stack.emulator.demoSessions;
    clock.advance(-10 * 60_000);
    const oldAda = stack.emulator.demoSessions.ada.sessionJwt;
    clock.set(Date.now());
    const result = await viewerWithCookies(
      `stytch_session=${bob.sessionToken}; stytch_session_jwt=${oldAda}`,
    );
    expect(result.viewer).toBeNull();
    expect(cleared(result.setCookies, "stytch_session")).toBe(true);
  });

  it("a token of one session beside a valid JWT of another is nobody, even for what the JWT alone answers", async () => {
    const { ada, bob } = stack.emulator.demoSessions;
    const result = await viewerWithCookies(
      `stytch_session=${bob.sessionToken}; stytch_session_jwt=${ada.sessionJwt}`,
    );
    expect(result.viewer).toBeNull();
    expect(cleared(result.setCookies, "stytch_session_jwt")).toBe(true);
    const session = await fetch(stack.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: `stytch_session=${bob.sessionToken}; stytch_session_jwt=${ada.sessionJwt}`,
      },
      body: JSON.stringify({ query: "{ viewer { session { memberId } } }" }),
    });
    expect(await session.json()).toEqual({ data: { viewer: null } });
  });

  it("switches and signs out nobody with such cookies, and revokes neither session", async () => {
    const a = freshSession();
    const b = stack.emulator.createSession({ memberId: DEMO.people.bob.members.acme });
    const mixed = `stytch_session=${a.sessionToken}; stytch_session_jwt=${b.sessionJwt}`;
    const post = async (query: string) => {
      const response = await fetch(stack.url, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: mixed },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    };
    stack.emulator.clearRequestLog();
    const switched = await post('mutation { exchangeSession(orgId: "hooli") { __typename } }');
    expect(switched.data).toBeNull();
    expect(JSON.stringify(switched.errors)).toContain("UNAUTHENTICATED");
    expect(
      stack.emulator.requestLog().filter((entry) => entry.route === "/v1/b2b/sessions/exchange"),
    ).toEqual([]);

    await post("mutation { signOut }");
    // Neither A (whose token it was) nor B (whose JWT it was) lost their session to this request.
    expect((await stack.gql(VIEWER, {}, b.sessionJwt)).body.data?.viewer).not.toBeNull();
    expect((await stack.gql(VIEWER, {}, a.sessionToken)).body.data?.viewer).not.toBeNull();
  });
});
