/**
 * `npm start` as shipped with REDIS_URL: Redis named in the banner without its password, the store's state in
 * /readyz and /metrics, and a Redis that is not there at start-up neither stops the process nor fails readiness.
 */
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server";
import { postGraphQL } from "../support/http";
import { parseSamples } from "../support/metrics";
import { startShipped, type ShippedProcess } from "../support/shipped-process";
import { eventually } from "../support/wait";

const PASSWORD = "s3cret-redis-pass";
const readyz = async (bff: ShippedProcess) => {
  const response = await fetch(bff.url.replace(/\/graphql$/, "/readyz"));
  return { status: response.status, body: (await response.json()) as { status: string; store?: string } };
};

describe("npm start with REDIS_URL", () => {
  let redis: RedisServer;
  let bff: ShippedProcess;
  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    bff = await startShipped({ NODE_ENV: "development", PORT: "0", REDIS_URL: redis.url }, 15_000);
  }, 30_000);
  afterAll(async () => {
    await bff?.stop();
    await redis?.close();
  });

  it("names Redis in the banner without the password, and shows the store in /readyz and /metrics", async () => {
    expect(bff.output()).toContain(
      `Shared state (throttles, revocations, caches) in Redis at redis://127.0.0.1:`,
    );
    expect(bff.output()).not.toContain(PASSWORD);
    await eventually(
      () => readyz(bff),
      (answer) => answer.body.store === "ok",
      // Ok once connected and past the 3 s hold-down after subscribing (docs/redis.md, the bound).
      { ms: 10_000, intervalMs: 20, what: "/readyz store ok" },
    );
    const samples = parseSamples(await (await fetch(bff.metricsUrl!)).text());
    expect(samples.get("bff_store_breaker_state")).toBe(0);
    expect(samples.get("bff_store_revocation_feed_live")).toBe(1);
  });

  it("switches with the demo token, its throttles counted in Redis", async () => {
    const answer = await postGraphQL(
      bff.url,
      `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
      {},
      { bearer: bff.demoToken },
    );
    expect(answer.json.data.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
    const samples = parseSamples(await (await fetch(bff.metricsUrl!)).text());
    expect(samples.get('bff_store_calls_total{op="increment",result="ok"}')).toBeGreaterThan(0);
  });
});

describe("npm start with REDIS_URL and no Redis there", () => {
  it("starts, stays ready (store degraded), and serves what needs no throttle", async () => {
    const port = await freePort();
    const bff = await startShipped(
      { NODE_ENV: "development", PORT: "0", REDIS_URL: `redis://127.0.0.1:${port}` },
      15_000,
    );
    try {
      expect(await readyz(bff)).toEqual({ status: 200, body: { status: "ok", store: "degraded" } });
      const answer = await postGraphQL(
        bff.url,
        "{ viewer { member { id } } }",
        {},
        { bearer: bff.demoToken },
      );
      expect(answer.json.data.viewer.member.id).toEqual(expect.any(String));
      const refused = await postGraphQL(
        bff.url,
        `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
        {},
        { bearer: bff.demoToken },
      );
      expect(refused.json.errors[0].extensions.code).toBe("RATE_LIMITED");
    } finally {
      await bff.stop();
    }
  }, 30_000);
});
