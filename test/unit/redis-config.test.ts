import { ConfigError, loadConfig, redisTarget } from "../../src/config";

const configWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: "development", ...env });

describe("REDIS_URL", () => {
  it("is optional: without it the state stays in memory", () => {
    expect(configWith({}).redis).toBeNull();
  });

  it("reads host, port, database, credentials (decoded) and TLS from redis:// and rediss://", () => {
    expect(configWith({ REDIS_URL: "rediss://bff:p%40ss@redis.internal:6380/2" }).redis).toEqual({
      anonymousPerMinute: 3000,
      host: "redis.internal",
      port: 6380,
      username: "bff",
      password: "p@ss",
      db: 2,
      tls: true,
      keyPrefix: "bff:",
      deadlineMs: 100,
    });
    expect(configWith({ REDIS_URL: "redis://:secret@[::1]" }).redis).toMatchObject({
      host: "::1",
      port: 6379,
      password: "secret",
      db: 0,
      tls: false,
    });
  });

  it("takes REDIS_KEY_PREFIX and REDIS_DEADLINE_MS, each validated by name", () => {
    const redis = configWith({
      REDIS_URL: "redis://localhost",
      REDIS_KEY_PREFIX: "{bff-prod}:",
      REDIS_DEADLINE_MS: "250",
    }).redis;
    expect(redis).toMatchObject({ keyPrefix: "{bff-prod}:", deadlineMs: 250 });
    expect(() => configWith({ REDIS_URL: "redis://localhost", REDIS_KEY_PREFIX: "a b" })).toThrow(
      /REDIS_KEY_PREFIX/,
    );
    expect(() => configWith({ REDIS_URL: "redis://localhost", REDIS_DEADLINE_MS: "0" })).toThrow(
      /REDIS_DEADLINE_MS/,
    );
  });

  it.each(["http://redis:6379", "redis://", "not a url", "redis://host/abc"])(
    "refuses %s with a ConfigError naming REDIS_URL",
    (url) => {
      expect(() => configWith({ REDIS_URL: url })).toThrow(ConfigError);
      expect(() => configWith({ REDIS_URL: url })).toThrow(/REDIS_URL/);
    },
  );

  it("never repeats the password, neither in a ConfigError nor where the banner names Redis", () => {
    let message = "";
    try {
      configWith({ REDIS_URL: "redis://user:hunter2@host/notadb" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/REDIS_URL/);
    expect(message).not.toContain("hunter2");
    const target = redisTarget(configWith({ REDIS_URL: "rediss://user:hunter2@host:6380/1" }).redis!);
    expect(target).toBe("rediss://user@host:6380/1");
  });
});
