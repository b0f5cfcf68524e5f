/**
 * The other way in, with production's cookies: Stytch's own login UI signed the member in and left its
 * script-readable `stytch_session` and `stytch_session_jwt` on the site. With STYTCH_SDK_COOKIES=adopt the
 * app's first `viewer` moves the session into the BFF's HttpOnly `__Host-` cookies and expires the SDK's, so
 * no script holds a token from then on; without it (the default) the planted cookies are not a session.
 */
import type { Browser } from "playwright-core";
import { loadConfig } from "../../src/config";
import { launchChromium } from "../support/chromium";
import { startStack } from "../support/start-stack";
import { startWebDevServer } from "../support/web-dev-server";
import { openWebPage, stytchCookies } from "../support/web-page";

/** What plain `npm start` writes: __Host-stytch_session, __Host-stytch_session_jwt, … */
const NAMES = loadConfig({}).cookieNames;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

async function startApp(adoptStytchSdkCookies: boolean) {
  const stack = await startStack({
    production: true,
    cookieNames: NAMES,
    corsOrigins: [],
    adoptStytchSdkCookies,
  });
  const web = await startWebDevServer(stack.url);
  const app = await openWebPage(browser);
  const stop = async () => {
    await app.context.close();
    await web.stop();
    await stack.stop();
  };
  return { stack, web, app, stop };
}

/** What Stytch's frontend SDK leaves after its login UI signs Ada in: two cookies any script can read. */
async function signedInByStytchLoginUi({ stack, web, app }: Awaited<ReturnType<typeof startApp>>) {
  const ada = stack.emulator.demoSessions.ada;
  await app.page.goto(web.url);
  await app.page.waitForSelector("form[name=send-code]");
  for (const [name, value] of [
    ["stytch_session", ada.sessionToken],
    ["stytch_session_jwt", ada.sessionJwt],
  ])
    await app.page.evaluate(`document.cookie = "${name}=${value}; path=/; SameSite=Lax"`);
  expect(await app.page.evaluate<string>("document.cookie")).toContain("stytch_session_jwt=");
  await app.page.reload();
  return ada;
}

describe("a session Stytch's login UI wrote, with production's __Host- cookies", () => {
  it("STYTCH_SDK_COOKIES=adopt: the first viewer moves it into HttpOnly cookies and removes the SDK's", async () => {
    const running = await startApp(true);
    try {
      const ada = await signedInByStytchLoginUi(running);
      await running.app.page.waitForSelector("#viewer[data-org=acme]");
      const cookies = await stytchCookies(running.app.context);
      expect([...cookies.keys()].sort()).toEqual([NAMES.sessionToken, NAMES.sessionJwt].sort());
      expect(cookies.get(NAMES.sessionToken)).toMatchObject({
        value: ada.sessionToken,
        httpOnly: true,
        secure: true,
      });
      expect(cookies.get(NAMES.sessionJwt)).toMatchObject({
        value: ada.sessionJwt,
        httpOnly: true,
        secure: true,
      });
      expect(await running.app.page.evaluate<string>("document.cookie")).not.toMatch(/stytch/);

      // From now on the BFF's own cookies carry the session: a switch rotates them.
      await running.app.page.click("button[name=enter-hooli]");
      await running.app.page.waitForSelector("#viewer[data-org=hooli]");
      const switched = await stytchCookies(running.app.context);
      expect(switched.get(NAMES.sessionToken)!.value).not.toBe(ada.sessionToken);
      expect([...switched.values()].every((cookie) => cookie.httpOnly)).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it("by default they are not a session: the app asks to sign in, and the SDK's cookies are left alone", async () => {
    const running = await startApp(false);
    try {
      await signedInByStytchLoginUi(running);
      await running.app.page.waitForSelector("form[name=send-code]");
      expect(await running.app.page.locator("#viewer").count()).toBe(0);
      const cookies = await stytchCookies(running.app.context);
      expect(cookies.has(NAMES.sessionToken)).toBe(false);
      expect(cookies.get("stytch_session")).toMatchObject({ httpOnly: false });
    } finally {
      await running.stop();
    }
  });
});
