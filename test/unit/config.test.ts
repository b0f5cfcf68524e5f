import { ConfigError, loadConfig } from "../../src/config";

describe("loadConfig", () => {
  it("defaults to production-safe behaviour on loopback port 4000 with the embedded emulator", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: undefined,
      development: false,
      host: "127.0.0.1",
      port: 4000,
      stytch: null,
      logLevel: "info",
      sessionMaxMinutes: 60,
      trustedProxyHops: 0,
      cache: { bytes: 32 * 1024 * 1024, snapshotMs: 60_000, discoveryMs: 60_000 },
    });
    expect(config.cookieNames.sessionToken).toBe("__Host-stytch_session");
  });

  it("reads the snapshot cache's bound and lifetimes, 0 turning a lifetime off", () => {
    const env = { CACHE_MB: "8", CACHE_SNAPSHOT_SECONDS: "0", CACHE_DISCOVERY_SECONDS: "15" };
    expect(loadConfig(env).cache).toEqual({ bytes: 8 * 1024 * 1024, snapshotMs: 0, discoveryMs: 15_000 });
  });

  it.each([[""], ["test"], ["production"]])(
    "is production-safe unless NODE_ENV=development (%j)",
    (nodeEnv) => {
      const credentials = { STYTCH_PROJECT_ID: "project-test-abc", STYTCH_SECRET: "s" };
      const config = loadConfig({ ...credentials, NODE_ENV: nodeEnv });
      expect(config.development).toBe(false);
      expect(config.host).toBe("0.0.0.0");
      expect(config.cookieNames).toEqual({
        sessionToken: "__Host-stytch_session",
        sessionJwt: "__Host-stytch_session_jwt",
        intermediateSessionToken: "__Host-stytch_intermediate_session",
        pkceVerifier: "__Host-stytch_pkce_verifier",
      });
      expect(() => loadConfig({ ...credentials, NODE_ENV: nodeEnv, COOKIE_SAME_SITE: "None" })).toThrow(
        /COOKIE_SAME_SITE/,
      );
    },
  );

  it("turns on development behaviour only when NODE_ENV=development says so", () => {
    const config = loadConfig({ NODE_ENV: "development", COOKIE_SAME_SITE: "None" });
    expect(config).toMatchObject({ development: true, host: "127.0.0.1", cookieSameSite: "None" });
    expect(config.cookieNames.sessionToken).toBe("stytch_session");
  });

  it("keeps the embedded emulator on loopback", () => {
    expect(loadConfig({ HOST: "::1" }).host).toBe("::1");
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/HOST/);
    expect(() => loadConfig({ NODE_ENV: "development", HOST: "192.168.1.5" })).toThrow(/HOST/);
  });

  it("returns links and SSO to the example app on the embedded emulator, over http even production-safe", () => {
    const page = "http://localhost:5173/";
    expect(loadConfig({}).signIn).toMatchObject({ linkRedirectUrl: page, ssoRedirectUrl: page });
    const own = {
      SIGN_IN_REDIRECT_URL: "http://localhost:3000/in",
      SSO_REDIRECT_URL: "http://localhost:3000/sso",
    };
    expect(loadConfig(own).signIn).toMatchObject({
      linkRedirectUrl: "http://localhost:3000/in",
      ssoRedirectUrl: "http://localhost:3000/sso",
    });
    // Real Stytch: nothing by default, and a token in a query travels only over https outside development.
    const credentials = { STYTCH_PROJECT_ID: "project-test-abc", STYTCH_SECRET: "s" };
    expect(loadConfig(credentials).signIn).toMatchObject({ linkRedirectUrl: null, ssoRedirectUrl: null });
    expect(() => loadConfig({ ...credentials, SSO_REDIRECT_URL: page })).toThrow(/SSO_REDIRECT_URL.*https/);
    expect(() => loadConfig({ ...credentials, SIGN_IN_REDIRECT_URL: page })).toThrow(/SIGN_IN_REDIRECT_URL/);
    expect(
      loadConfig({ ...credentials, NODE_ENV: "development", SSO_REDIRECT_URL: page }).signIn.ssoRedirectUrl,
    ).toBe(page);
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
    [{ SESSION_MAX_MINUTES: "4" }, "SESSION_MAX_MINUTES"],
    [{ SESSION_MAX_MINUTES: "527041" }, "SESSION_MAX_MINUTES"],
    [{ TRUSTED_PROXY_HOPS: "-1" }, "TRUSTED_PROXY_HOPS"],
    [{ CACHE_MB: "0" }, "CACHE_MB"],
    [{ CACHE_SNAPSHOT_SECONDS: "3601" }, "CACHE_SNAPSHOT_SECONDS"],
    [{ CACHE_DISCOVERY_SECONDS: "-1" }, "CACHE_DISCOVERY_SECONDS"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const error = thrownBy(() => loadConfig(env)) as ConfigError;
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it("never repeats the secret in its messages", () => {
    expect(() => loadConfig({ STYTCH_SECRET: "secret-canary-123" })).toThrow(/^(?!.*secret-canary-123)/s);
  });
});

/** What `run` throws; fails the test if it returns. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
