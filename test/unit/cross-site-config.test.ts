import { ConfigError, loadConfig } from "../../src/config";
import { registrableHostOfHostHeader, siteOf } from "../../src/http/site";
import { startupWarnings } from "../../src/startup-warnings";
import { bannerText } from "../../src/banner";

// Which origins can use the session cookies (same site as the BFF) is decided at start-up, not discovered
// by a tester in a browser: PUBLIC_URL makes a cross-site CORS_ORIGINS entry a refusal, its absence a warning.

describe("siteOf", () => {
  it.each([
    ["https://app.example.com", "https://example.com"],
    ["https://api.example.com:8443", "https://example.com"],
    ["https://a.b.example.co.uk", "https://example.co.uk"],
    // Private suffixes count, as in browsers: two GitHub Pages sites are two sites.
    ["https://alice.github.io", "https://alice.github.io"],
    ["http://localhost:3000", "http://localhost"],
    ["http://127.0.0.1:4000", "http://127.0.0.1"],
    ["http://[::1]:4000", "http://::1"],
    ["ftp://example.com", null],
  ])("%s -> %s", (url, site) => {
    expect(siteOf(url)).toBe(site);
  });

  it("tells http and https apart (schemeful same-site)", () => {
    expect(siteOf("http://app.example.com")).not.toBe(siteOf("https://api.example.com"));
  });

  it("reads Host headers with ports and IPv6 brackets", () => {
    expect(registrableHostOfHostHeader("api.example.com:443")).toBe("example.com");
    expect(registrableHostOfHostHeader("[::1]:4000")).toBe("::1");
    expect(registrableHostOfHostHeader("bad host")).toBeNull();
  });
});

describe("PUBLIC_URL and CORS_ORIGINS", () => {
  it("accepts origins on PUBLIC_URL's site and keeps PUBLIC_URL as an origin", () => {
    const config = loadConfig({
      PUBLIC_URL: "https://api.example.com/graphql",
      CORS_ORIGINS: "https://app.example.com,https://example.com",
    });
    expect(config.publicUrl).toBe("https://api.example.com");
    expect(config.corsOrigins).toEqual(["https://app.example.com", "https://example.com"]);
  });

  it("refuses an entry on another site, naming CORS_ORIGINS and why", () => {
    const load = () =>
      loadConfig({
        PUBLIC_URL: "https://api.example.com",
        CORS_ORIGINS: "https://app.example.com,https://app.other.dev",
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /^Invalid configuration: CORS_ORIGINS lists https:\/\/app\.other\.dev, on another site/,
    );
    expect(load).toThrow(/SameSite=Lax\/Strict/);
    expect(load).toThrow(/third-party cookies/);
  });

  it("refuses http frontends for an https API (schemeful sites) and localhost for 127.0.0.1", () => {
    expect(() =>
      loadConfig({ PUBLIC_URL: "https://api.example.com", CORS_ORIGINS: "http://app.example.com" }),
    ).toThrow(/CORS_ORIGINS/);
    expect(() =>
      loadConfig({ PUBLIC_URL: "http://127.0.0.1:4000", CORS_ORIGINS: "http://localhost:3000" }),
    ).toThrow(/CORS_ORIGINS/);
  });

  it.each(["not a url", "ftp://example.com"])("refuses PUBLIC_URL=%j", (value) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/^Invalid configuration: PUBLIC_URL/);
  });
});

describe("STYTCH_EMULATOR_PORT", () => {
  it("defaults to 4010, not explicit; a set value is explicit", () => {
    expect(loadConfig({}).emulatorPort).toEqual({ port: 4010, explicit: false });
    expect(loadConfig({ STYTCH_EMULATOR_PORT: "0" }).emulatorPort).toEqual({ port: 0, explicit: true });
    expect(() => loadConfig({ STYTCH_EMULATOR_PORT: "http" })).toThrow(/STYTCH_EMULATOR_PORT/);
  });
});

describe("startupWarnings", () => {
  const base = { corsOrigins: [] as string[], publicUrl: null, cookieSameSite: "Lax" as const };

  it("warns, without PUBLIC_URL, about origins on another site than the listening address", () => {
    const [warning, ...rest] = startupWarnings(
      { ...base, corsOrigins: ["http://localhost:5173"] },
      "http://127.0.0.1:4000",
    );
    expect(rest).toEqual([]);
    expect(warning).toMatch(
      /^CORS_ORIGINS lists http:\/\/localhost:5173, on another site than http:\/\/127\.0\.0\.1:4000/,
    );
    expect(warning).toMatch(/set PUBLIC_URL/);
  });

  it("warns that a loopback entry is same-site only under the very name: localhost is another site", () => {
    const warnings = startupWarnings(
      { ...base, corsOrigins: ["http://127.0.0.1:5173"] },
      "http://127.0.0.1:4000",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^CORS_ORIGINS lists http:\/\/127\.0\.0\.1:5173: on the same site as/);
    expect(warnings[0]).toContain("http://localhost:4000");
  });

  it("leaves the check to loadConfig when PUBLIC_URL is set, and is quiet for same-site origins", () => {
    expect(
      startupWarnings({ ...base, corsOrigins: ["http://10.0.0.5:5173"] }, "http://10.0.0.5:4000"),
    ).toEqual([]);
    const withPublic = {
      ...base,
      publicUrl: "https://api.example.com",
      corsOrigins: ["https://app.example.com"],
    };
    expect(startupWarnings(withPublic, "http://127.0.0.1:4000")).toEqual([]);
  });

  it("warns that SameSite=None cookies are blocked as third-party cookies", () => {
    const [warning] = startupWarnings({ ...base, cookieSameSite: "None" }, "http://localhost:4000");
    expect(warning).toMatch(/COOKIE_SAME_SITE=None: current browsers block third-party cookies/);
    expect(warning).toMatch(/Authorization: Bearer/);
  });
});

describe("bannerText", () => {
  const embedded = {
    url: "http://127.0.0.1:4010",
    fellBackFrom: null,
    demoToken: "demo-token",
    demoSessionMinutes: 60,
    demoSessionExpiresAt: "2026-01-01T01:00:00Z",
    ada: { email: "ada@example.com", smsMemberId: "member-sms", totpMemberId: "member-totp" },
  };
  const input = {
    config: { development: true, redis: null },
    graphqlUrl: "http://127.0.0.1:4000/graphql",
    metricsUrl: null,
    embedded,
    warnings: [],
  };

  it("prints the emulator's code URLs with the member ids and the demo session's life", () => {
    const text = bannerText(input);
    expect(text).toContain("embedded Stytch emulator at http://127.0.0.1:4010\n");
    expect(text).toContain("It lasts 60 minutes (until 2026-01-01T01:00:00Z)");
    for (const path of [
      "/__emulator/members",
      "/__emulator/sms/member-sms",
      "/__emulator/totp/member-totp",
      "/__emulator/recovery-codes/member-totp",
      "/__emulator/email-otp/ada@example.com",
    ]) {
      expect(text).toContain(`http://127.0.0.1:4010${path}`);
    }
  });

  it("says when the default port was busy, and prints warnings last", () => {
    const text = bannerText({
      ...input,
      embedded: { ...embedded, url: "http://127.0.0.1:39999", fellBackFrom: 4010 },
      warnings: ["something"],
    });
    expect(text).toContain("http://127.0.0.1:39999 (port 4010 was busy; set STYTCH_EMULATOR_PORT");
    expect(text.endsWith("\nWARNING: something")).toBe(true);
  });
});
