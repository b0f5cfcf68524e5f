import { post, rawRequest } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

// A browser on another site than the BFF passes CORS (its origin is allowed) but sends none of the session
// cookies: the caller is anonymous and, before this, nothing said why. The answer now says so in a header the
// page may read, in extensions.warnings, and once per origin in the log. Real HTTP to an in-process server;
// the browser's headers (Origin, Sec-Fetch-Site) are set by hand (the real-Chromium check lives elsewhere).

const APP = "https://app.example.com";
const VIEWER = "{ viewer { member { id } } }";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ corsOrigins: [APP] });
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

function call(headers: Record<string, string>, bearer?: string) {
  return post(stack.url, { query: VIEWER }, { headers, bearer });
}

function crossSiteLogLines() {
  return stack.logs.map((line) => JSON.parse(line)).filter((l) => l.code === "CROSS_SITE_COOKIES_BLOCKED");
}

describe("a cookie caller from another site", () => {
  it("gets viewer null with a readable header and an extensions.warnings entry", async () => {
    const answer = await call({ origin: APP, "sec-fetch-site": "cross-site" });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ viewer: null });
    expect(answer.headers.get("x-bff-warning")).toMatch(/^CROSS_SITE_COOKIES_BLOCKED/);
    expect(answer.headers.get("access-control-expose-headers")).toContain("x-bff-warning");
    expect(answer.headers.get("access-control-allow-origin")).toBe(APP);
    expect(answer.json.extensions.warnings).toEqual([
      { code: "CROSS_SITE_COOKIES_BLOCKED", message: expect.stringMatching(/withhold the session cookies/) },
    ]);
  });

  it("is told even when it sent a cookie (a non-browser client), and the cookie appears nowhere", async () => {
    const token = stack.emulator.demoSessions.ada.sessionToken;
    const answer = await call({
      origin: APP,
      "sec-fetch-site": "cross-site",
      cookie: `stytch_session=${token}`,
    });
    expect(answer.json.extensions.warnings[0].code).toBe("CROSS_SITE_COOKIES_BLOCKED");
    expect(answer.text).not.toContain(token);
    expect(answer.headers.get("x-bff-warning")).not.toContain(token);
    expect(stack.logs.join("\n")).not.toContain(token);
  });

  it("without Sec-Fetch-Site, is recognised by Origin's site differing from Host's", async () => {
    const answer = await call({ origin: APP });
    expect(answer.json.extensions?.warnings?.[0]?.code).toBe("CROSS_SITE_COOKIES_BLOCKED");
  });

  it("is logged once per origin, not per request", async () => {
    for (let i = 0; i < 3; i++) await call({ origin: APP, "sec-fetch-site": "cross-site" });
    // The server lives across tests: this origin was already noticed once, and never again since.
    const lines = crossSiteLogLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, origin: APP });
  });
});

describe("no warning", () => {
  const sameOrigin = () => new URL(stack.url).origin;
  it.each([
    ["same-site", () => ({ origin: APP, "sec-fetch-site": "same-site" })],
    ["same-origin", () => ({ origin: sameOrigin(), "sec-fetch-site": "same-origin" })],
    ["same-origin without Sec-Fetch-Site", () => ({ origin: sameOrigin() })],
    ["no Origin (curl, mobile)", () => ({})],
    // The client writes Origin, Host and Sec-Fetch-Site alike: an origin allowed only as the same origin is
    // never cross-site, so made-up ones cannot buy a log line each.
    [
      "forged same-origin claiming cross-site",
      () => ({ origin: sameOrigin(), "sec-fetch-site": "cross-site" }),
    ],
  ])("for a %s request", async (_name, headers: () => Record<string, string>) => {
    const answer = await call(headers());
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-bff-warning")).toBeNull();
    expect(answer.json.extensions).toBeUndefined();
  });

  it("and no log line for made-up origins that match the Host they came with", async () => {
    const before = crossSiteLogLines().length;
    for (let i = 0; i < 5; i++) {
      const host = `made-up-${i}-${"x".repeat(200)}.example`;
      // node:http, which sends the Host it is given (fetch would not).
      const answer = await rawRequest(Number(new URL(stack.url).port), {
        path: "/graphql",
        body: JSON.stringify({ query: VIEWER }),
        headers: { host, origin: `http://${host}`, "sec-fetch-site": "cross-site" },
      });
      expect(answer).toMatchObject({ status: 200 });
      expect(JSON.parse((answer as { text: string }).text).extensions).toBeUndefined();
    }
    expect(crossSiteLogLines()).toHaveLength(before);
  });

  it("for a bearer caller from another site, who needs no cookie", async () => {
    const answer = await call(
      { origin: APP, "sec-fetch-site": "cross-site" },
      stack.emulator.demoSessions.ada.sessionToken,
    );
    expect(answer.json.data.viewer.member.id).toBe(stack.emulator.demoSessions.ada.memberId);
    expect(answer.headers.get("x-bff-warning")).toBeNull();
    expect(answer.json.extensions).toBeUndefined();
  });
});
