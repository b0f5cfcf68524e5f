import { startShipped, type ShippedProcess } from "../support/shipped-process";

/**
 * With NODE_ENV unset, empty or `test`, the review found development behaviour (no Secure cookies,
 * introspection, Sandbox origins) and an embedded emulator on 0.0.0.0 whose demo admin token was the same on
 * every run. Only an explicit NODE_ENV=development may turn those on.
 */
const DEMO_TOKEN = /Demo session token \(Ada, Acme Corp\): (\S+)/;

describe.each([[""], ["test"]])("npm start with NODE_ENV=%j and no Stytch credentials", (nodeEnv) => {
  let first: ShippedProcess;
  beforeAll(async () => {
    first = await startShipped({ NODE_ENV: nodeEnv, PORT: "0" });
  }, 20_000);
  afterAll(() => first.stop());

  it("says it is production-safe, on loopback, with fresh demo tokens", () => {
    expect(first.output()).toContain("(production-safe)");
    expect(first.output()).toMatch(/loopback only/);
    expect(new URL(first.url).hostname).toBe("127.0.0.1");
  });

  it("refuses introspection and serves no landing page", async () => {
    const answer = await fetch(first.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __schema { types { name } } }" }),
    });
    expect(await answer.text()).not.toContain('"types"');
    const page = await fetch(first.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it("writes Secure, __Host- prefixed, HttpOnly cookies", async () => {
    const token = DEMO_TOKEN.exec(first.output())![1];
    const answer = await fetch(first.url, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `__Host-stytch_session=${token}` },
      body: JSON.stringify({ query: 'mutation { exchangeSession(orgId: "hooli") { __typename } }' }),
    });
    const cookies = answer.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
    }
  });

  it("prints a demo token no earlier run had", async () => {
    const second = await startShipped({ NODE_ENV: nodeEnv, PORT: "0" });
    try {
      expect(DEMO_TOKEN.exec(second.output())![1]).not.toBe(DEMO_TOKEN.exec(first.output())![1]);
    } finally {
      await second.stop();
    }
  }, 20_000);
});

it("refuses to put the embedded emulator's demo sessions on the network", async () => {
  await expect(startShipped({ NODE_ENV: "", PORT: "0", HOST: "0.0.0.0" })).rejects.toThrow(
    /exited \(1\)[\s\S]*HOST must be a loopback address/,
  );
}, 20_000);
