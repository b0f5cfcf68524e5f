import type { CookieNames } from "../../src/auth/cookies";
import { DEMO } from "../../src/emulator";
import type { Stack } from "./start-stack";
import { stytchCookies, type WebPage } from "./web-page";

const ADA = DEMO.people.ada;

export interface JourneySetup {
  stack: Stack;
  /** The example app's dev server. */
  webUrl: string;
  /** The cookie names the BFF writes, and whether it marks them Secure. */
  names: CookieNames;
  secure: boolean;
}

/** The steps and checks the browser tests share; `setup` is read when a step runs (after beforeAll). */
export function journeySteps(setup: () => JourneySetup) {
  /** No script can read a session: document.cookie shows none, and every cookie the browser holds is HttpOnly. */
  async function expectNothingForScripts({ page, context }: WebPage) {
    // A string, not a function: this file is compiled without the DOM's types.
    expect(await page.evaluate<string>("document.cookie")).not.toMatch(/stytch/);
    for (const cookie of (await context.cookies()).filter(({ name }) => name.includes("stytch_")))
      expect({ name: cookie.name, httpOnly: cookie.httpOnly, secure: cookie.secure }).toEqual({
        name: cookie.name,
        httpOnly: true,
        secure: setup().secure,
      });
  }

  /** No answer the page got holds a token field's value or any cookie value it was given. */
  async function expectNoTokenInAnswers(app: WebPage) {
    const answers = await app.answers();
    const secrets = new Set<string>([setup().stack.emulator.demoSessions.ada.sessionToken]);
    for (const { setCookieValues } of answers) for (const value of setCookieValues) secrets.add(value);
    // The demo token plus what Set-Cookie carried: proof that the answers' cookies were seen at all.
    expect(secrets.size).toBeGreaterThan(1);
    for (const { body } of answers) {
      expect(body).not.toMatch(/"(sessionToken|sessionJwt|intermediateSessionToken)":"/);
      for (const secret of secrets) expect(body).not.toContain(secret);
    }
  }

  async function sessionCookieValues(app: WebPage): Promise<[string?, string?]> {
    const cookies = await stytchCookies(app.context);
    return [cookies.get(setup().names.sessionToken)?.value, cookies.get(setup().names.sessionJwt)?.value];
  }

  /** Email code → the organizations, each with its next step; the pending sign-in is an HttpOnly cookie. */
  async function signIn(app: WebPage) {
    const { page } = app;
    await page.goto(setup().webUrl);
    await page.fill("input[name=email]", ADA.email);
    await page.click("form[name=send-code] button");
    await page.waitForSelector("input[name=code]");
    await page.fill("input[name=code]", setup().stack.emulator.lastEmailOtp(ADA.email)!.code);
    await page.click("form[name=sign-in] button");
    await page.waitForSelector("li[data-org=hooli]");
    await expectNothingForScripts(app);
  }

  /** Signed in and inside hooli (no MFA there): the viewer line names it. */
  async function signInToHooli(app: WebPage) {
    await signIn(app);
    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    await expectNothingForScripts(app);
  }

  return { expectNothingForScripts, expectNoTokenInAnswers, sessionCookieValues, signIn, signInToHooli };
}
