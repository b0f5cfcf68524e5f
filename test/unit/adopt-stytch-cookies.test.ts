/**
 * STYTCH_SDK_COOKIES=adopt at the level of one request's cookies: which cookies are read, and what the answer
 * sets. The whole flow in Chromium is test/browser/stytch-login-ui.test.ts.
 */
import { identifyCaller } from "../../src/auth/caller";
import type { CookiePolicy } from "../../src/auth/cookies";
import { loadConfig } from "../../src/config";

const NAMES = loadConfig({}).cookieNames; // __Host-stytch_session, …
const SDK = { sessionToken: "stytch_session", sessionJwt: "stytch_session_jwt" };
const ADOPTING: CookiePolicy = { names: NAMES, secure: true, sameSite: "Lax", adoptFrom: SDK };
const TOKEN = "A".repeat(44);
const OTHER_TOKEN = "B".repeat(44);
const JWT = ["eyJhbGciOiJSUzI1NiJ9", "eyJzdWIiOiJ4In0", "c2ln"].join(".");
const EXPIRES = new Date(Date.now() + 60 * 60_000);

const browser = (cookie: string) => ({ origin: "https://app.example.com", cookie });
/** Set-Cookie values by name: the value set, or "" for an expired one. */
const written = (setCookies: string[]) =>
  Object.fromEntries(
    setCookies.map((line) => line.split(";")[0].split("=")).map(([n, ...v]) => [n, v.join("=")]),
  );

describe("adopting the session Stytch's SDK cookies hold", () => {
  it("reads them only when adoption is on", () => {
    const off = identifyCaller(browser(`stytch_session=${TOKEN}`), { ...ADOPTING, adoptFrom: null });
    expect(off.credential).toBeNull();
    const on = identifyCaller(browser(`stytch_session=${TOKEN}; stytch_session_jwt=${JWT}`), ADOPTING);
    expect(on.sessionToken?.value).toBe(TOKEN);
    expect(on.sessionJwt?.value).toBe(JWT);
    expect(on.setCookies).toEqual([]); // nothing is moved before the session is proven
  });

  it("moves a proven session into the BFF's cookies and expires the SDK's, once", () => {
    const caller = identifyCaller(browser(`stytch_session=${TOKEN}; stytch_session_jwt=${JWT}`), ADOPTING);
    caller.adoptSession(EXPIRES);
    caller.adoptSession(EXPIRES);
    expect(caller.setCookies).toHaveLength(4);
    expect(written(caller.setCookies)).toEqual({
      [NAMES.sessionToken]: TOKEN,
      [NAMES.sessionJwt]: JWT,
      stytch_session: "",
      stytch_session_jwt: "",
    });
    expect(caller.setCookies.every((line) => /; HttpOnly/.test(line) && /; Secure/.test(line))).toBe(true);
  });

  it("prefers the BFF's own cookies: a planted SDK cookie beside them is neither read nor touched", () => {
    const caller = identifyCaller(
      browser(`${NAMES.sessionToken}=${TOKEN}; stytch_session=${OTHER_TOKEN}`),
      ADOPTING,
    );
    expect(caller.sessionToken?.value).toBe(TOKEN);
    caller.adoptSession(EXPIRES);
    expect(caller.setCookies).toEqual([]);
  });

  it("treats two SDK session cookies of one name (two scopes) as no session", () => {
    const caller = identifyCaller(
      browser(`stytch_session=${TOKEN}; stytch_session=${OTHER_TOKEN}`),
      ADOPTING,
    );
    expect(caller.credential).toBeNull();
  });

  it("a switch's new session replaces the adopted one, and sign-out clears the SDK's cookies too", () => {
    const switched = identifyCaller(browser(`stytch_session=${TOKEN}`), ADOPTING);
    switched.rememberSession({
      session: { expiresAt: EXPIRES },
      sessionToken: OTHER_TOKEN,
      sessionJwt: JWT,
    } as Parameters<typeof switched.rememberSession>[0]);
    switched.adoptSession(EXPIRES); // the new session stands: the old token is not written back
    expect(written(switched.setCookies)).toEqual({
      [NAMES.sessionToken]: OTHER_TOKEN,
      [NAMES.sessionJwt]: JWT,
      stytch_session: "",
      stytch_session_jwt: "",
    });

    const signedOut = identifyCaller(browser(`stytch_session=${TOKEN}`), ADOPTING);
    signedOut.forgetSession();
    expect(Object.values(written(signedOut.setCookies)).every((value) => value === "")).toBe(true);
    expect(Object.keys(written(signedOut.setCookies))).toEqual(
      expect.arrayContaining([NAMES.sessionToken, NAMES.sessionJwt, "stytch_session", "stytch_session_jwt"]),
    );
  });
});
