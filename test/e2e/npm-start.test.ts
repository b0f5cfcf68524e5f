import { createServer, type Server } from "node:net";
import { postGraphQL } from "../support/http";
import { startShipped, type ShippedProcess } from "../support/shipped-process";

/** What a newcomer does: `npm start` with no configuration, then the exchange with the printed demo token. */
describe("npm start (embedded emulator)", () => {
  let bff: ShippedProcess;

  beforeAll(async () => {
    // Any free port: parallel runs must not collide on the default one (nor on the default metrics port).
    bff = await startShipped({ NODE_ENV: "development", PORT: "0" }, 15_000);
  }, 20_000);

  afterAll(() => bff?.stop());

  it("answers on /graphql within 10 s and says it runs on the embedded emulator", async () => {
    expect(bff.readyAfterMs).toBeLessThan(10_000);
    expect(bff.output()).toContain("embedded Stytch emulator");
    const answer = await postGraphQL(bff.url, "{ __typename }");
    expect(answer.json).toEqual({ data: { __typename: "Query" } });
  });

  it.each([
    ["hooli", "AuthenticatedSession"],
    ["globex", "MfaChallenge"],
    ["initech", "PrimaryAuthRequired"],
  ])("exchanges the printed demo session into %s: %s", async (orgId, typename) => {
    expect(bff.demoToken).toBeDefined();
    const answer = await postGraphQL(
      bff.url,
      `mutation ($orgId: ID!) { exchangeSession(orgId: $orgId) { __typename ... on ExchangeOutcome { organization { slug } } } }`,
      { orgId },
      { bearer: bff.demoToken },
    );
    expect(answer.json.data.exchangeSession).toEqual({ __typename: typename, organization: { slug: orgId } });
  });

  it("serves Prometheus metrics on loopback, at the URL the banner prints, and not on the public port", async () => {
    const metricsUrl = bff.metricsUrl;
    expect(metricsUrl).toBeDefined();
    expect(new URL(metricsUrl!).hostname).toBe("127.0.0.1");
    const scrape = await fetch(metricsUrl!);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("bff_requests_total");
    expect((await fetch(bff.url.replace(/\/graphql$/, "/metrics"))).status).toBe(404);
  });

  it("serves Apollo Sandbox in development", async () => {
    const response = await fetch(bff.url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/sandbox/i);
    // Offline, Apollo's CDN script never loads: the fallback then shows curl and the emulator's code URLs.
    expect(page).toContain("which this browser cannot reach");
    expect(page).toContain(`${bff.emulatorUrl}/__emulator/totp/member-`);
  });
});

describe("npm start prints where the emulator's codes are", () => {
  let bff: ShippedProcess;
  beforeAll(async () => {
    bff = await startShipped({ NODE_ENV: "development", PORT: "0" }, 15_000);
  }, 20_000);
  afterAll(() => bff?.stop());

  const printed = (label: RegExp) => new RegExp(`${label.source}\\s+(http://\\S+)`).exec(bff.output())?.[1];

  it("states the demo session's life", () => {
    expect(bff.output()).toMatch(/It lasts 60 minutes \(until \d{4}-\d\d-\d\dT[\d:]+Z\)/);
  });

  it("prints TOTP, recovery-code and member URLs that answer with the demo member's codes", async () => {
    const totp = await getJson(printed(/TOTP code \(umbrella\):/)!);
    expect(totp.code).toMatch(/^\d{6}$/);
    const recovery = await getJson(printed(/recovery codes \(umbrella\):/)!);
    expect(recovery.recovery_codes).toHaveLength(10);
    const members = await getJson(printed(/members and their MFA factors:/)!);
    expect(members.members.map((m: { member_id: string }) => m.member_id)).toContain(totp.member_id);
  });

  it("prints an SMS URL that answers with the code an exchange into globex sent", async () => {
    await postGraphQL(bff.url, 'mutation { exchangeSession(orgId: "globex") { __typename } }', undefined, {
      bearer: bff.demoToken,
    });
    const sms = await getJson(printed(/SMS code \(globex, once sent\):/)!);
    expect(sms.code).toMatch(/^\d{6}$/);
  });
});

async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}

/** Listens on `port` of 127.0.0.1; null when someone else already does. */
function hold(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(null) : reject(error),
    );
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("the embedded emulator's port", () => {
  it("defaults to 4010 and, when 4010 is busy, falls back to a free port and says so", async () => {
    // Hold 4010 ourselves when we can, so the fallback is certain; a parallel worker may hold it instead.
    const held = await hold(4010);
    const bff = await startShipped({ NODE_ENV: "development", PORT: "0", STYTCH_EMULATOR_PORT: "" });
    try {
      const emulatorPort = new URL(bff.emulatorUrl!).port;
      const fellBack = /port 4010 was busy; set STYTCH_EMULATOR_PORT/.test(bff.output());
      if (held) expect(fellBack).toBe(true);
      expect(fellBack).toBe(emulatorPort !== "4010");
      expect((await fetch(`${bff.emulatorUrl}/__emulator`)).status).toBe(200);
    } finally {
      await bff.stop();
      held?.close();
    }
  }, 20_000);

  it("stops start-up, naming STYTCH_EMULATOR_PORT, when a port asked for is busy", async () => {
    const held = (await hold(0))!;
    const port = String((held.address() as { port: number }).port);
    try {
      await expect(
        startShipped({ NODE_ENV: "development", PORT: "0", STYTCH_EMULATOR_PORT: port }),
      ).rejects.toThrow(
        new RegExp(
          `exited \\(1\\)[\\s\\S]*STYTCH_EMULATOR_PORT is ${port}, which another process listens on`,
        ),
      );
    } finally {
      held.close();
    }
  }, 20_000);
});

describe("npm start with browser origins on another site", () => {
  it("refuses to start when PUBLIC_URL is set and a CORS_ORIGINS entry is cross-site", async () => {
    await expect(
      startShipped({
        PORT: "0",
        PUBLIC_URL: "https://api.example.com",
        CORS_ORIGINS: "https://app.other.dev",
      }),
    ).rejects.toThrow(/exited \(1\)[\s\S]*CORS_ORIGINS lists https:\/\/app\.other\.dev, on another site/);
  }, 20_000);

  it("warns in the log and the banner without PUBLIC_URL", async () => {
    const bff = await startShipped({
      NODE_ENV: "development",
      PORT: "0",
      CORS_ORIGINS: "http://localhost:5173",
    });
    try {
      expect(bff.output()).toMatch(/\nWARNING: CORS_ORIGINS lists http:\/\/localhost:5173, on another site/);
      // pino writes stdout asynchronously: its line may follow the banner, which console.log wrote at once.
      await bff.waitForOutput(/"msg":"CORS_ORIGINS lists/, 10_000);
      expect(bff.logLines().some((l) => l.level === 40 && /^CORS_ORIGINS lists/.test(l.msg))).toBe(true);
    } finally {
      await bff.stop();
    }
  }, 20_000);
});
