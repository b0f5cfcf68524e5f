/**
 * A frontend on another site than the BFF, in Chromium: its origin is allowed (CORS_ORIGINS), so the preflight
 * and the POST go through, but the browser withholds the SameSite=Lax session cookies. The answer must say so
 * where the page's developer looks (a header the page may read, extensions.warnings), instead of a bare
 * `viewer: null`; a page on the BFF's own site gets no such warning.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { recordSentHeaders } from "../support/sent-headers";
import { startStack, type Stack } from "../support/start-stack";

let frontend: Server;
let frontendPort: number;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  frontend = createServer((_req, res) => res.end("<!doctype html><title>the frontend</title>"));
  await new Promise<void>((resolve) => frontend.listen(0, "127.0.0.1", resolve));
  frontendPort = (frontend.address() as AddressInfo).port;
  // The BFF is at http://127.0.0.1:<port>; the frontend's two names: localhost (another site) and 127.0.0.1.
  const origins = ["localhost", "127.0.0.1"].map((host) => `http://${host}:${frontendPort}`);
  [stack, browser] = await Promise.all([
    startStack({ production: true, corsOrigins: origins }),
    launchChromium(),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  frontend?.close();
});

beforeEach(async () => {
  stack.reset();
  context = await browser.newContext();
  // Ada's session, as the BFF would have set it on its own host (HttpOnly, SameSite=Lax).
  const ada = stack.emulator.demoSessions.ada;
  await context.addCookies(
    [
      ["stytch_session", ada.sessionToken],
      ["stytch_session_jwt", ada.sessionJwt],
    ].map(([name, value]) => ({ name, value, url: stack.url, httpOnly: true, sameSite: "Lax" as const })),
  );
});
afterEach(() => context.close());

/** What the page's script sees of the BFF's answer to Apollo Client's kind of request. */
async function viewerFrom(page: Page) {
  return page.evaluate(async (url) => {
    const answer = await fetch(url, {
      method: "POST",
      credentials: "include",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ viewer { member { email } } }" }),
    });
    const json = (await answer.json()) as { data?: unknown; extensions?: { warnings?: unknown } };
    return { warning: answer.headers.get("x-bff-warning"), json };
  }, stack.url);
}

describe("a frontend on another site, in Chromium", () => {
  it("is anonymous, and the answer tells the page why", async () => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${frontendPort}/`);
    const sent = await recordSentHeaders(page, "/graphql");
    const { warning, json } = await viewerFrom(page);
    // The browser's own decision: it sent the request without the cookies.
    const post = sent.headers().find(({ origin }) => origin === `http://localhost:${frontendPort}`);
    expect(post).toBeDefined();
    expect(post!.cookie ?? "").not.toContain("stytch_session");
    expect(json.data).toEqual({ viewer: null });
    expect(warning).toMatch(/^CROSS_SITE_COOKIES_BLOCKED/);
    expect(json.extensions?.warnings).toEqual([
      { code: "CROSS_SITE_COOKIES_BLOCKED", message: expect.stringMatching(/withhold the session cookies/) },
    ]);
    expect(JSON.stringify(json)).not.toContain(stack.emulator.demoSessions.ada.sessionToken);
  });

  it("on the BFF's own site the same request is signed in, with no warning", async () => {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${frontendPort}/`);
    const { warning, json } = await viewerFrom(page);
    expect(json.data).toEqual({ viewer: { member: { email: "ada@example.com" } } });
    expect(warning).toBeNull();
    expect(json.extensions?.warnings).toBeUndefined();
  });
});
