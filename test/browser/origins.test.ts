/**
 * Where a session can come from and where it cannot be used, in Chromium: a page of another origin (same site
 * or another site) is refused before its cookies count; a session that Stytch's own login UI wrote as a
 * script-readable `stytch_session` lets the example app in, and the BFF rewrites it as HttpOnly.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { startStack, type Stack } from "../support/start-stack";
import { recordSentHeaders } from "../support/sent-headers";
import { startWebDevServer, type WebDevServer } from "../support/web-dev-server";
import { openWebPage, stytchCookies, type WebPage } from "../support/web-page";

let stack: Stack;
let web: WebDevServer;
let browser: Browser;
let foreign: Server;
let foreignPort: number;
beforeAll(async () => {
  // Production, with the cookie names of Stytch's SDKs (SESSION_COOKIE_NAME=stytch_session,
  // SESSION_JWT_COOKIE_NAME=stytch_session_jwt): the BFF then reads what Stytch's login UI writes.
  stack = await startStack({ production: true, corsOrigins: [] });
  foreign = createServer((_req, res) => res.end("<!doctype html><title>another origin</title>"));
  await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
  foreignPort = (foreign.address() as AddressInfo).port;
  [web, browser] = await Promise.all([startWebDevServer(stack.url), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await web?.stop();
  foreign?.close();
  await stack?.stop();
});
beforeEach(() => stack.reset());

let app: WebPage;
beforeEach(async () => {
  app = await openWebPage(browser);
});
afterEach(() => app.context.close());

const VIEWER = JSON.stringify({ query: "{ viewer { member { email } } }" });

/**
 * The page's own fetch with credentials, as any script on it could; a refused one reports how it failed. JSON
 * (what Apollo Client sends) needs a CORS preflight; text/plain is sent at once, cookies and all.
 */
function fetchViewer(page: Page, url: string, contentType = "application/json") {
  return page.evaluate(
    async ([target, body, type]) => {
      try {
        const answer = await fetch(target, {
          method: "POST",
          credentials: "include",
          headers: { "content-type": type },
          body,
        });
        return { status: answer.status, text: await answer.text() };
      } catch (error) {
        return { failed: String(error) };
      }
    },
    [url, VIEWER, contentType] as const,
  );
}

/** Ada signed in at the app's origin with the BFF's own (HttpOnly) cookies. */
async function signedInAsAda() {
  const ada = stack.emulator.demoSessions.ada;
  await app.context.addCookies(
    [
      ["stytch_session", ada.sessionToken],
      ["stytch_session_jwt", ada.sessionJwt],
    ].map(([name, value]) => ({
      name,
      value,
      url: web.url,
      httpOnly: true,
      secure: true,
      sameSite: "Lax" as const,
    })),
  );
  await app.page.goto(web.url);
  await app.page.waitForSelector("#viewer[data-org=acme]");
}

describe("another origin, in Chromium", () => {
  it.each([
    ["the same site (localhost, another port): cookies are sent, the Origin is refused", "localhost"],
    ["another site (127.0.0.1): refused as well", "127.0.0.1"],
  ])("%s", async (_title, host) => {
    await signedInAsAda();
    const page = await app.context.newPage();
    await page.goto(`http://${host}:${foreignPort}/`);
    // Apollo Client's request: its preflight is refused, so the POST is never sent.
    expect(await fetchViewer(page, `${web.url}graphql`)).toEqual({
      failed: expect.stringContaining("Failed to fetch"),
    });
    // A request that needs no preflight reaches the BFF and is refused there, whatever cookies it carried; with
    // no Access-Control-Allow-Origin on the refusal the script cannot even read its status.
    const sent = await recordSentHeaders(page, "/graphql");
    const logged = stack.requestLines().length;
    expect(await fetchViewer(page, `${web.url}graphql`, "text/plain")).toEqual({
      failed: expect.stringContaining("Failed to fetch"),
    });
    const [{ origin, cookie = "" }] = sent.headers();
    expect(origin).toBe(`http://${host}:${foreignPort}`);
    expect(stack.requestLines().slice(logged)).toEqual([
      expect.objectContaining({ method: "POST", outcome: "refused", status: 403, upstreamCalls: 0 }),
    ]);
    // Same site: SameSite=Lax lets the cookies go with the request, so only the Origin check stops it.
    // Another site: Chromium drops them (what made earlier viewer answers null without an error).
    expect(cookie.includes("stytch_session=")).toBe(host === "localhost");
    // The app's own page still works with the same cookies.
    expect(await fetchViewer(app.page, `${web.url}graphql`)).toMatchObject({ status: 200 });
  });
});

describe("a session that Stytch's login UI wrote", () => {
  it("lets the app in and is rewritten as HttpOnly", async () => {
    const ada = stack.emulator.demoSessions.ada;
    await app.page.goto(web.url);
    await app.page.waitForSelector("form[name=send-code]");
    // What Stytch's frontend SDK does after its login UI signs someone in (a script-readable cookie).
    await app.page.evaluate(`document.cookie = "stytch_session=${ada.sessionToken}; path=/; SameSite=Lax"`);
    expect(await app.page.evaluate<string>("document.cookie")).toContain("stytch_session=");

    await app.page.reload();
    await app.page.waitForSelector("#viewer[data-org=acme]");
    const cookies = await stytchCookies(app.context);
    expect(cookies.get("stytch_session")).toMatchObject({
      value: ada.sessionToken,
      httpOnly: true,
      secure: true,
    });
    expect(cookies.get("stytch_session_jwt")).toMatchObject({ httpOnly: true, secure: true });
    expect(await app.page.evaluate<string>("document.cookie")).not.toMatch(/stytch/);
  });

  it("with its stytch_session_jwt too: both are HttpOnly once the member switches", async () => {
    const ada = stack.emulator.demoSessions.ada;
    await app.page.goto(web.url);
    await app.page.waitForSelector("form[name=send-code]");
    // The SDK writes both cookies. With the SDK's own names (as here), viewer verifies the JWT locally and writes
    // no cookie, so both stay script-readable until the first switch rotates them into HttpOnly ones. Production
    // names with STYTCH_SDK_COOKIES=adopt move them at the first viewer (stytch-login-ui.test.ts).
    for (const [name, value] of [
      ["stytch_session", ada.sessionToken],
      ["stytch_session_jwt", ada.sessionJwt],
    ])
      await app.page.evaluate(`document.cookie = "${name}=${value}; path=/; SameSite=Lax"`);
    await app.page.reload();
    await app.page.waitForSelector("#viewer[data-org=acme]");
    await app.page.click("button[name=enter-hooli]");
    await app.page.waitForSelector("#viewer[data-org=hooli]");
    const cookies = await stytchCookies(app.context);
    expect(cookies.get("stytch_session")).toMatchObject({ httpOnly: true, secure: true });
    expect(cookies.get("stytch_session_jwt")).toMatchObject({ httpOnly: true, secure: true });
    expect(cookies.get("stytch_session")!.value).not.toBe(ada.sessionToken);
    expect(await app.page.evaluate<string>("document.cookie")).not.toMatch(/stytch/);
  });
});
