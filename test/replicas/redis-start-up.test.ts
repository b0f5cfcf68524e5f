/**
 * A REDIS_URL that can never work stops start-up (refused credentials, rediss:// to a plain Redis), saying so
 * without the URL; a Redis that is merely not there does not (the documented fail-safe: start, degraded).
 */
import { ConfigError } from "../../src/config";
import { createLogger } from "../../src/logger";
import { Metrics } from "../../src/observability/metrics";
import { connectSharedState } from "../../src/state/redis/shared-state";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server";
import { redisConfig } from "../support/replicas";

const PASSWORD = "right-password-42";
const start = (url: string) =>
  connectSharedState(redisConfig(url), {
    observer: new Metrics(),
    logger: createLogger("silent"),
    secret: "secret-test-start-up",
    connectWithinMs: 2000,
  });

async function refusal(url: string): Promise<ConfigError> {
  const error = await start(url).then(
    (shared) => shared.close().then(() => new Error("started")),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer({ password: PASSWORD });
});
afterAll(async () => {
  await redis?.close();
});

it("stops on a password Redis refuses, naming REDIS_URL and not the password", async () => {
  const wrong = redis.url.replace(PASSWORD, "wrong-password-17");
  const error = await refusal(wrong);
  expect(error.message).toBe("Invalid configuration: REDIS_URL names credentials Redis refuses (WRONGPASS)");
  expect(error.message).not.toContain("wrong-password-17");
  expect((await refusal(redis.url.replace(`:${PASSWORD}@`, ""))).message).toContain("(NOAUTH)");
});

it("stops on rediss:// to a Redis that speaks plain Redis, and sends no IP address as TLS server name", async () => {
  const warnings: string[] = [];
  const warned = (warning: Error & { code?: string }) => void warnings.push(warning.code ?? warning.message);
  process.on("warning", warned);
  try {
    const error = await refusal(redis.url.replace(/^redis:/, "rediss:"));
    expect(error.message).toMatch(/REDIS_URL is rediss:\/\/ \(TLS\) but the server answers plain Redis/);
  } finally {
    process.off("warning", warned);
  }
  expect(warnings).not.toContain("DEP0123");
});

it("starts, degraded, when Redis is not there at all", async () => {
  const shared = await start(`redis://127.0.0.1:${await freePort()}`);
  try {
    expect(shared.status()).toBe("degraded");
  } finally {
    await shared.close();
  }
});

it("starts with the right password", async () => {
  const shared = await start(redis.url);
  await shared.close();
});

it("stops on a database number Redis does not have, instead of using database 0 unasked", async () => {
  // A second outside review's finding: ioredis reported the failed SELECT and went on in database 0.
  const error = await refusal(`${redis.url}/20`);
  expect(error.message).toMatch(
    /^Invalid configuration: REDIS_URL names database 20, which Redis does not have/,
  );
  expect(error.message).not.toContain(PASSWORD);
  const shared = await start(`${redis.url}/3`);
  await shared.close();
});
