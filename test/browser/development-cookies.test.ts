/**
 * The example app with the BFF in development (NODE_ENV=development): cookies named as Stytch's SDKs name them,
 * without Secure. Chromium takes both these and production's `__Host-`/Secure ones on http://localhost (see
 * journey.test.ts); this covers the other mode a developer may run: sign in, switch, sign out.
 */
import { loadConfig } from "../../src/config";
import { exampleAppInChromium } from "../support/example-app";
import { journeySteps } from "../support/web-journey";
import { openWebPage, stytchCookies, type WebPage } from "../support/web-page";

/** What `NODE_ENV=development npm start` writes: stytch_session, stytch_session_jwt, … */
const NAMES = loadConfig({ NODE_ENV: "development" }).cookieNames;

const running = exampleAppInChromium({ production: false, cookieNames: NAMES, corsOrigins: [] });

const { expectNothingForScripts, expectNoTokenInAnswers, sessionCookieValues, signInToHooli } = journeySteps(
  () => ({ stack: running.stack, webUrl: running.web.url, names: NAMES, secure: false }),
);

let app: WebPage;
beforeEach(async () => {
  app = await openWebPage(running.browser);
});
afterEach(() => app.context.close());

it("signs in, switches with rotated HttpOnly cookies (no Secure), and signs out", async () => {
  await signInToHooli(app);
  expect(NAMES.sessionToken).toBe("stytch_session");
  const hooli = await sessionCookieValues(app);
  expect(hooli[0]).toBeDefined();
  await app.page.click("button[name=enter-acme]");
  await app.page.waitForSelector("#viewer[data-org=acme]");
  expect((await sessionCookieValues(app))[0]).not.toEqual(hooli[0]);
  await expectNothingForScripts(app);

  await app.page.click("button[name=sign-out]");
  await app.page.waitForSelector("form[name=send-code]");
  expect((await stytchCookies(app.context)).size).toBe(0);
  await expectNoTokenInAnswers(app);
});
