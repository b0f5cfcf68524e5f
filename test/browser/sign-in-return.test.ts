/**
 * The example web app where sign-in leaves the page and comes back: a reload in the middle of signing in, and
 * the return from an SSO identity provider or a sign-in link (`?stytch_token_type=…&token=…`). The BFF runs
 * with production cookies and returns links and SSO to the app's dev server, as `npm start` with its embedded
 * emulator and `npm run web` do. The page keeps only display data; the pending steps stay in HttpOnly cookies.
 */
import { loadConfig } from "../../src/config";
import { DEMO } from "../../src/emulator";
import { exampleAppInChromium } from "../support/example-app";
import { openWebPage, stytchCookies, type WebPage } from "../support/web-page";
import { journeySteps } from "../support/web-journey";

const ADA = DEMO.people.ada;
const NAMES = loadConfig({}).cookieNames;
const STORED = "sessionStorage.getItem('pending-sign-in')";

const running = exampleAppInChromium({ production: true, cookieNames: NAMES, corsOrigins: [] }, true);

const { expectNothingForScripts, expectNoTokenInAnswers, signIn } = journeySteps(() => ({
  stack: running.stack,
  webUrl: running.web.url,
  names: NAMES,
  secure: true,
}));

let app: WebPage;
beforeEach(async () => {
  app = await openWebPage(running.browser);
});
afterEach(async () => {
  await app.context.close();
  expect(app.consoleProblems).toEqual([]);
});

/** What the tab keeps of a pending sign-in: parsed, or null. */
async function stored(): Promise<any> {
  return JSON.parse((await app.page.evaluate<string | null>(STORED)) ?? "null");
}

describe("signing in across a reload", () => {
  it("shows a second factor asked for before a reload again, and finishes it through the cookie", async () => {
    await signIn(app);
    await app.page.click("button[name=enter-globex]");
    await app.page.waitForSelector("form[name=complete-mfa]");
    const kept = JSON.parse(
      (await app.page.evaluate<string | null>("sessionStorage.getItem('pending-mfa')"))!,
    );
    expect(kept).toMatchObject({ __typename: "MfaChallenge", intermediateSessionToken: null });
    const cookie = (await stytchCookies(app.context)).get(NAMES.intermediateSessionToken)!;
    expect(JSON.stringify(kept)).not.toContain(cookie.value);

    await app.page.reload();
    await app.page.waitForSelector("form[name=complete-mfa]");
    await app.page.fill("input[name=mfa-code]", running.stack.emulator.lastSmsCode(ADA.members.globex)!.code);
    await app.page.click("form[name=complete-mfa] button");
    await app.page.waitForSelector("#viewer[data-org=globex]");
    expect(await app.page.evaluate("sessionStorage.getItem('pending-mfa')")).toBeNull();
    // Reloading now shows the session, not the finished challenge.
    await app.page.reload();
    await app.page.waitForSelector("#viewer[data-org=globex]");
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("shows the organization list again after a reload, enters through the cookie, then forgets it", async () => {
    await signIn(app);
    const kept = await stored();
    expect(kept).toMatchObject({ email: ADA.email, expiresAt: expect.any(String) });
    expect(kept.organizations.map((entry: any) => entry.organization.slug)).toContain("hooli");
    // Display data only: no token field, and not the pending sign-in's cookie value.
    const cookie = (await stytchCookies(app.context)).get(NAMES.intermediateSessionToken)!;
    expect(JSON.stringify(kept)).not.toContain(cookie.value);
    expect(JSON.stringify(kept)).not.toMatch(/token/i);

    await app.page.reload();
    await app.page.waitForSelector("li[data-org=hooli][data-next-step=AUTHENTICATED]");
    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    expect(await stored()).toBeNull();
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("offers 'I already have a code' after a reload on the code step, with no second email", async () => {
    await app.page.goto(running.web.url);
    await app.page.fill("input[name=email]", ADA.email);
    await app.page.click("form[name=send-code] button");
    await app.page.waitForSelector("input[name=code]");
    const code = running.stack.emulator.lastEmailOtp(ADA.email)!;

    await app.page.reload();
    await app.page.click("button[name=have-code]");
    await app.page.fill("form[name=sign-in] input[name=email]", ADA.email);
    await app.page.fill("input[name=code]", code.code);
    await app.page.click("form[name=sign-in] button[type=submit]");
    await app.page.waitForSelector("li[data-org=hooli]");
    expect(running.stack.emulator.lastEmailOtp(ADA.email)).toEqual(code);
    await expectNothingForScripts(app);
  });

  it("sends a person whose pending sign-in cookie is gone back to sign-in, saying so, and drops the list", async () => {
    await signIn(app);
    await app.context.clearCookies({ name: NAMES.intermediateSessionToken });
    await app.page.reload();
    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("form[name=send-code]");
    expect(await app.page.textContent("#error")).toContain("sign in again");
    expect(await app.page.getAttribute("#error", "data-code")).toBe("UNAUTHENTICATED");
    expect(await stored()).toBeNull();
    await app.page.reload();
    await app.page.waitForSelector("form[name=send-code]");
  });
});

describe("coming back from SSO or a sign-in link", () => {
  it("signs in to initech by SSO: start link, the identity provider's form, back in the app, completeSso", async () => {
    await signIn(app);
    await app.page.click("button[name=enter-initech]");
    await app.page.waitForSelector("a.sso-start");
    expect(await app.page.textContent(".allowed-methods")).toContain("single sign-on (SSO)");
    await app.page.click("a.sso-start");
    // The emulator's stand-in identity provider: whoever is named there is signed in.
    await app.page.waitForSelector("input[name=email_address]");
    await app.page.fill("input[name=email_address]", ADA.email);
    await app.page.click("button[type=submit]");
    await app.page.waitForSelector("#viewer[data-org=initech]");

    // The token left the address bar before anything else; a reload stays signed in without reusing it.
    expect(new URL(app.page.url()).search).toBe("");
    const cookies = await stytchCookies(app.context);
    expect([...cookies.keys()].sort()).toEqual([NAMES.sessionToken, NAMES.sessionJwt].sort());
    await app.page.reload();
    await app.page.waitForSelector("#viewer[data-org=initech]");
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });

  it("lists the organizations after a sign-in link (discovery) opened in the running.browser that asked for it", async () => {
    await app.page.goto(running.web.url);
    await app.page.waitForSelector("form[name=send-code]");
    // The app has no button for links; the page asks as it would, so the PKCE verifier cookie lands here.
    const sent = await app.page.evaluate<unknown, string>(async (email) => {
      const answer = await fetch("/graphql", {
        method: "POST",
        credentials: "include",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation ($email: String!) { sendSignInLink(email: $email) }",
          variables: { email },
        }),
      });
      return answer.json();
    }, ADA.email);
    expect(sent).toEqual({ data: { sendSignInLink: true } });
    const link = running.stack.emulator.lastMagicLink(ADA.email)!;
    expect(link.url.startsWith(running.web.url)).toBe(true);

    await app.page.goto(link.url);
    await app.page.waitForSelector("li[data-org=hooli]");
    expect(new URL(app.page.url()).search).toBe("");
    expect(await stored()).toMatchObject({ email: ADA.email });
    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    await expectNothingForScripts(app);
    await expectNoTokenInAnswers(app);
  });
});
