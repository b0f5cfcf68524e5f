import { ConfigError, loadConfig } from "../../src/config";

const development = { NODE_ENV: "development" };

describe("loadConfig: slow clients, connections, caches, metrics", () => {
  it("defaults to 10 s for headers, 30 s for a request, 2048 connections, 16 MiB of documents, metrics on loopback", () => {
    const config = loadConfig(development);
    expect(config.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 2048 });
    expect(config.documentCacheBytes).toBe(16 * 1024 * 1024);
    expect(config.metrics).toEqual({ host: "127.0.0.1", port: 9464 });
  });

  it("reads each setting", () => {
    const config = loadConfig({
      ...development,
      HEADERS_TIMEOUT_MS: "2000",
      REQUEST_TIMEOUT_MS: "5000",
      MAX_CONNECTIONS: "100",
      DOCUMENT_CACHE_MB: "0",
      METRICS_PORT: "0",
      METRICS_HOST: "0.0.0.0",
    });
    expect(config.http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, maxConnections: 100 });
    expect(config.documentCacheBytes).toBe(0);
    expect(config.metrics).toEqual({ host: "0.0.0.0", port: 0 });
  });

  it("turns the metrics listener off with METRICS_PORT=off", () => {
    expect(loadConfig({ ...development, METRICS_PORT: "off" }).metrics).toBeNull();
  });

  it.each([
    ["HEADERS_TIMEOUT_MS", "0"],
    ["HEADERS_TIMEOUT_MS", "10s"],
    ["REQUEST_TIMEOUT_MS", "999"],
    ["MAX_CONNECTIONS", "0"],
    ["DOCUMENT_CACHE_MB", "-1"],
    ["METRICS_PORT", "65536"],
    ["METRICS_PORT", "none"],
  ])("refuses %s=%s", (variable, value) => {
    expect(() => loadConfig({ ...development, [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...development, [variable]: value })).toThrow(variable);
  });

  it("refuses a headers timeout longer than the request timeout (Node would throw at start-up)", () => {
    expect(() =>
      loadConfig({ ...development, HEADERS_TIMEOUT_MS: "40000", REQUEST_TIMEOUT_MS: "30000" }),
    ).toThrow(/HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS/);
  });
});
