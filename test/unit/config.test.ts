import { ConfigError, loadConfig } from "../../src/config";

describe("loadConfig", () => {
  it("defaults to development on port 4000 with the embedded emulator", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: "development", port: 4000, stytch: null, logLevel: "info" });
  });

  it("derives Stytch's base URL from the project id, as the SDK does", () => {
    const live = loadConfig({ STYTCH_PROJECT_ID: "project-live-abc", STYTCH_SECRET: "s" });
    const test = loadConfig({ STYTCH_PROJECT_ID: "project-test-abc", STYTCH_SECRET: "s" });
    expect(live.stytch?.baseUrl).toBe("https://api.stytch.com");
    expect(test.stytch?.baseUrl).toBe("https://test.stytch.com");
  });

  it("accepts a plain-http STYTCH_BASE_URL and keeps only its origin", () => {
    const config = loadConfig({
      STYTCH_PROJECT_ID: "project-test-abc",
      STYTCH_SECRET: "s",
      STYTCH_BASE_URL: "http://127.0.0.1:4010/ignored/",
    });
    expect(config.stytch?.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ STYTCH_DEADLINE_MS: "-1" }, "STYTCH_DEADLINE_MS"],
    [{ STYTCH_SECRET: "only-the-secret" }, "STYTCH_PROJECT_ID"],
    [{ STYTCH_PROJECT_ID: "project-test-abc" }, "STYTCH_SECRET"],
    [{ STYTCH_PROJECT_ID: "not-a-project", STYTCH_SECRET: "s" }, "STYTCH_PROJECT_ID"],
    [
      { STYTCH_PROJECT_ID: "project-test-a", STYTCH_SECRET: "s", STYTCH_BASE_URL: "ftp://x" },
      "STYTCH_BASE_URL",
    ],
    [{ NODE_ENV: "production" }, "STYTCH_PROJECT_ID"],
    [{ COOKIE_SAME_SITE: "lax" }, "COOKIE_SAME_SITE"],
    [
      {
        NODE_ENV: "production",
        STYTCH_PROJECT_ID: "project-live-a",
        STYTCH_SECRET: "s",
        COOKIE_SAME_SITE: "None",
      },
      "COOKIE_SAME_SITE",
    ],
    [{ CORS_ORIGINS: "https://app.example.com/path" }, "CORS_ORIGINS"],
    [
      {
        NODE_ENV: "production",
        STYTCH_PROJECT_ID: "project-live-a",
        STYTCH_SECRET: "s",
        STYTCH_BASE_URL: "http://stytch.internal",
      },
      "STYTCH_BASE_URL",
    ],
    [{ SESSION_COOKIE_NAME: "bad name;" }, "SESSION_COOKIE_NAME"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it("never repeats the secret in its messages", () => {
    expect(() => loadConfig({ STYTCH_SECRET: "secret-canary-123" })).toThrow(/^(?!.*secret-canary-123)/s);
  });
});
