import { parseCookies, serializeCookie, type CookiePolicy } from "../../src/auth/cookies";

const names = { sessionToken: "s", sessionJwt: "j", intermediateSessionToken: "i", pkceVerifier: "p" };

describe("cookies", () => {
  it("writes HttpOnly, SameSite, Path, Expires and Max-Age, and Secure outside development", () => {
    const expires = new Date(Date.now() + 3600_000);
    const policy: CookiePolicy = { names, secure: true, sameSite: "Lax" };
    const cookie = serializeCookie("stytch_session", "tok", expires, policy);
    expect(cookie).toMatch(
      /^stytch_session=tok; Path=\/; Expires=.+ GMT; Max-Age=(3599|3600); HttpOnly; SameSite=Lax; Secure$/,
    );
  });

  it("always adds Secure to SameSite=None (browsers drop it otherwise)", () => {
    const cookie = serializeCookie("s", "v", new Date(Date.now() + 1000), {
      names,
      secure: false,
      sameSite: "None",
    });
    expect(cookie).toContain("SameSite=None; Secure");
  });

  it("reads the first of duplicated cookies and ignores malformed parts", () => {
    expect(parseCookies("a=1; b=2; a=3; junk; =x")).toEqual(
      new Map([
        ["a", "1"],
        ["b", "2"],
      ]),
    );
  });
});
