/**
 * The example web app (examples/web) in headless Chromium, against the BFF with the cookies `npm start` writes
 * (`__Host-` names, Secure, HttpOnly, SameSite=Lax) behind its dev server: sign in by email code, the
 * organizations with their next step, a plain switch, SMS and TOTP MFA, PrimaryAuthRequired, sign-out. After
 * every step no script can read a session and no answer carries a token, and the console shows no warning.
 */
import { loadConfig } from "../../src/config";
import { DEMO } from "../../src/emulator";
import { exampleAppInChromium } from "../support/example-app";
import { currentTotpCode } from "../support/totp-now";
import { openWebPage, stytchCookies, type WebPage } from "../support/web-page";
import { journeySteps } from "../support/web-journey";

const ADA = DEMO.people.ada;
/** What plain `npm start` writes: __Host-stytch_session, __Host-stytch_session_jwt, … */
const NAMES = loadConfig({}).cookieNames;

const running = exampleAppInChromium({ production: true, cookieNames: NAMES, corsOrigins: [] }, true);

const { expectNothingForScripts, expectNoTokenInAnswers, sessionCookieValues, signIn, signInToHooli } =
  journeySteps(() => ({ stack: running.stack, webUrl: running.web.url, names: NAMES, secure: true }));

let app: WebPage;
beforeEach(async () => {
  app = await openWebPage(running.browser);
});
afterEach(async () => {
  await app.context.close();
  // Apollo's cache warnings and failed loads (a favicon…) reach the console: a clean journey writes nothing there.
  expect(app.consoleProblems).toEqual([]);
});

describe("the example web app in Chromium (production cookies)", () => {
  it("signs in by email code, lists the organizations with their next step, enters a plain one", async () => {
    await signIn(app);
    const steps: Record<string, string | null> = {};
    for (const row of await app.page.locator("li[data-org]").all())
      steps[(await row.getAttribute("data-org"))!] = await row.getAttribute("data-next-step");
    expect(steps).toMatchObject({
      hooli: "AUTHENTICATED",
      globex: "MFA_REQUIRED",
      umbrella: "MFA_REQUIRED",
      initech: "PRIMARY_AUTH_REQUIRED",
    });
    const pending = await stytchCookies(app.context);
    expect([...pending.keys()]).toEqual([NAMES.intermediateSessionToken]);

    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    const cookies = await stytchCookies(app.context);
    expect([...cookies.keys()].sort()).toEqual([NAMES.sessionToken, NAMES.sessionJwt].sort());
    expect(cookies.get(NAMES.sessionToken)).toMatchObject({ sameSite: "Lax", path: "/", secure: true });
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("switches between plain organizations: each switch rotates both session cookies", async () => {
    await signInToHooli(app);
    const hooli = await sessionCookieValues(app);
    await app.page.click("button[name=enter-acme]");
    await app.page.waitForSelector("#viewer[data-org=acme]");
    const acme = await sessionCookieValues(app);
    expect(acme[0]).not.toEqual(hooli[0]);
    expect(acme[1]).not.toEqual(hooli[1]);
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("switches into an SMS MFA organization: a wrong code is shown, the right one rotates the cookies", async () => {
    await signInToHooli(app);
    const before = await sessionCookieValues(app);
    await app.page.click("button[name=enter-globex]");
    await app.page.waitForSelector("form[name=complete-mfa]");
    // The pending MFA step is one more HttpOnly cookie; the hooli session is kept meanwhile.
    expect(await sessionCookieValues(app)).toEqual(before);
    expect((await stytchCookies(app.context)).has(NAMES.intermediateSessionToken)).toBe(true);
    await expectNothingForScripts(app);

    expect(await app.page.textContent(".method-hint")).toContain("2 minutes");

    // Texting a new code at once is refused, and the page says how long to wait (sends are 30 s apart).
    const first = running.stack.emulator.lastSmsCode(ADA.members.globex);
    await app.page.click("button[name=send-sms]");
    await app.page.waitForSelector("#error[data-code=RATE_LIMITED]");
    expect(await app.page.textContent("#error .retry-after")).toMatch(/^try again in \d+ s$/);
    expect(await app.page.getAttribute(".sms-status", "data-resent")).toBe("false");
    // Past the spacing (the BFF's throttle clock, no sleeping), a new code is sent and the page says so.
    running.stack.throttleClock.advance(31_000);
    await app.page.click("button[name=send-sms]");
    await app.page.waitForSelector(".sms-status[data-resent=true]");
    expect(await app.page.textContent(".sms-status")).toContain("A new code was texted");
    expect(await app.page.isHidden("#error")).toBe(true);

    expect(running.stack.emulator.lastSmsCode(ADA.members.globex)).not.toEqual(first);
    const code = running.stack.emulator.lastSmsCode(ADA.members.globex)!.code;
    await app.page.selectOption("select[name=method]", "SMS_OTP");
    await app.page.fill("input[name=mfa-code]", code === "000000" ? "111111" : "000000");
    await app.page.click("form[name=complete-mfa] button");
    await app.page.waitForSelector("#error[data-code=MFA_CODE_INVALID]");

    await app.page.fill("input[name=mfa-code]", code);
    await app.page.click("form[name=complete-mfa] button");
    await app.page.waitForSelector("#viewer[data-org=globex]");
    const after = await sessionCookieValues(app);
    expect(after[0]).not.toEqual(before[0]);
    expect(after[1]).not.toEqual(before[1]);
    expect((await stytchCookies(app.context)).has(NAMES.intermediateSessionToken)).toBe(false);
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("passes a TOTP challenge", async () => {
    await signInToHooli(app);
    const before = await sessionCookieValues(app);
    await app.page.click("button[name=enter-umbrella]");
    await app.page.selectOption("select[name=method]", "TOTP");
    expect(await app.page.textContent(".method-hint")).toContain("every 30 seconds");
    await app.page.fill(
      "input[name=mfa-code]",
      await currentTotpCode(running.stack.emulator.url!, ADA.email, "umbrella"),
    );
    await app.page.click("form[name=complete-mfa] button");
    await app.page.waitForSelector("#viewer[data-org=umbrella]");
    const after = await sessionCookieValues(app);
    expect(after[0]).not.toEqual(before[0]);
    expect(after[1]).not.toEqual(before[1]);
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("shows PrimaryAuthRequired with its SSO start, and going back keeps the session", async () => {
    await signInToHooli(app);
    const before = await sessionCookieValues(app);
    await app.page.click("button[name=enter-initech]");
    await app.page.waitForSelector(".allowed-methods");
    // Readable words, not Stytch's "sso".
    expect(await app.page.textContent(".allowed-methods")).toContain("single sign-on (SSO)");
    const start = await app.page.getAttribute("a.sso-start", "href");
    expect(start).toContain(DEMO.organizations.initech.ssoConnectionId);
    expect(await sessionCookieValues(app)).toEqual(before);
    await expectNothingForScripts(app);

    await app.page.click("button[name=back]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    await expectNoTokenInAnswers(app);
  });

  it("signs out: the cookies are gone and viewer is null", async () => {
    await signInToHooli(app);
    await app.page.click("button[name=sign-out]");
    await app.page.waitForSelector("form[name=send-code]");
    expect((await stytchCookies(app.context)).size).toBe(0);
    const viewer = await app.page.evaluate(async () => {
      const answer = await fetch("/graphql", {
        method: "POST",
        credentials: "include",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ viewer { member { id } } }" }),
      });
      return answer.json();
    });
    expect(viewer).toEqual({ data: { viewer: null } });
    await expectNoTokenInAnswers(app);
  });
});
