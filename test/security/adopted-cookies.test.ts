/**
 * STYTCH_SDK_COOKIES=adopt over HTTP, where a browser test cannot easily go: Stytch's SDK cookies written with a
 * Domain (which our answers cannot expire) stay beside the BFF's own. Sign-out must end their session too, or
 * the next request without the BFF's cookies would take it over again (an outside review's finding).
 */
import { loadConfig } from "../../src/config";
import { post } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

const NAMES = loadConfig({}).cookieNames; // __Host-stytch_session, …
const APP = "https://app.example.com";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    production: true,
    cookieNames: NAMES,
    corsOrigins: [APP],
    adoptStytchSdkCookies: true,
  });
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

/** One browser request with exactly these cookies; the Set-Cookie values it got back, by name. */
async function browserCall(query: string, cookies: Record<string, string>) {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  const answer = await post(stack.url, { query }, { headers: { origin: APP, cookie } });
  const written = new Map<string, string>();
  for (const line of answer.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    written.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return { json: answer.json, written };
}

const VIEWER = "{ viewer { member { email } organization { slug } } }";
const SWITCH = 'mutation { exchangeSession(orgId: "hooli") { __typename } }';

describe("Stytch's SDK cookies beside the BFF's own", () => {
  it("are ended by sign-out, so they cannot bring the signed-out person back", async () => {
    // A session of its own (sign-out lists it as revoked for the server's life; the demo sessions are shared).
    const ada = stack.emulator.createSession({ memberId: stack.emulator.demoSessions.ada.memberId });
    const sdk = { stytch_session: ada.sessionToken, stytch_session_jwt: ada.sessionJwt };
    // Adopted, then switched: the BFF's cookies now hold another session than the SDK's (Domain) cookies.
    const switched = await browserCall(SWITCH, sdk);
    expect(switched.json.data.exchangeSession.__typename).toBe("AuthenticatedSession");
    const own = {
      [NAMES.sessionToken]: switched.written.get(NAMES.sessionToken)!,
      [NAMES.sessionJwt]: switched.written.get(NAMES.sessionJwt)!,
    };
    expect(own[NAMES.sessionToken]).not.toBe(ada.sessionToken);

    const signedOut = await browserCall("mutation { signOut }", { ...own, ...sdk });
    expect(signedOut.json.data).toEqual({ signOut: true });
    // The answer also expires the SDK's cookies (host-only ones go; a Domain one stays in the browser).
    expect(signedOut.written.get("stytch_session")).toBe("");

    // What the browser still sends: only the SDK's Domain cookies. Their session is over too.
    const after = await browserCall(VIEWER, sdk);
    expect(after.json.data).toEqual({ viewer: null });
    const afterToken = await browserCall(VIEWER, { stytch_session: ada.sessionToken });
    expect(afterToken.json.data).toEqual({ viewer: null });
  });

  it("are left alone by requests that write no session, and the BFF's own session is the one used", async () => {
    const ada = stack.emulator.demoSessions.ada;
    const bob = stack.emulator.demoSessions.bob;
    const answer = await browserCall(VIEWER, {
      [NAMES.sessionToken]: ada.sessionToken,
      [NAMES.sessionJwt]: ada.sessionJwt,
      stytch_session: bob.sessionToken,
    });
    expect(answer.json.data.viewer.member.email).toBe("ada@example.com");
    expect(answer.written.size).toBe(0);
  });
});
