import "reflect-metadata";
import { randomBytes, randomUUID } from "node:crypto";
import { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { ConfigError, loadConfig, redisTarget, type Config, type StytchCredentials } from "./config";
import { createEmulator, type Emulator } from "./emulator";
import { createHttpServer, listen } from "./http/create-http-server";
import type { Logger } from "pino";
import { createLogger } from "./logger";
import { Metrics } from "./observability/metrics";
import { metricsEndpoint } from "./observability/metrics-endpoint";
import { createServer, type ServerDeps } from "./server";
import { StytchHttpTransport } from "./stytch/http-transport";
import { StytchAdapter } from "./stytch/stytch-adapter";
import { MemoryCacheStore } from "./state/memory-cache-store";
import { connectSharedState, type SharedState } from "./state/redis/shared-state";

interface EmbeddedEmulator {
  emulator: Emulator;
  credentials: StytchCredentials;
}

/** Composition root: config → Stytch (real, or the embedded emulator) → GraphQL server → listen → drain. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const embedded = config.stytch ? null : await startEmbeddedEmulator();
  const stytch: StytchCredentials = config.stytch ?? embedded!.credentials;

  const metrics = new Metrics();
  const transport = new StytchHttpTransport(
    { ...stytch, deadlineMs: config.upstreamDeadlineMs, maxConnections: config.upstreamMaxConnections },
    metrics,
  );
  // With REDIS_URL, replicas share throttles, revocations and caches; without it, this process's memory.
  const shared = config.redis && (await connectSharedState(config.redis, { observer: metrics, logger }));
  const bff = createServer({
    ...serverDeps(config, stytch, embedded, { transport, logger, metrics }),
    ...(shared ? sharedDeps(config, shared) : {}),
  });
  await bff.start();

  const http = createHttpServer(bff.handle, config.http);
  const port = await listen(http, config.port, config.host);
  const metricsListener = config.metrics && (await startMetricsListener(config, metrics));
  printBanner(config, port, embedded, metricsListener?.url ?? null);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: bff.inFlight() }, "draining");
    const deadline = Date.now() + config.shutdownGraceMs;
    // Readiness fails at once; the server keeps accepting until load balancers have noticed, then stops
    // listening; requests already here are finished (within the grace period).
    bff.beginDrain();
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(config.shutdownDelayMs, config.shutdownGraceMs)),
    );
    http.close();
    while (bff.inFlight() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    logger.info({ inFlight: bff.inFlight() }, "stopped");
    http.closeAllConnections();
    metricsListener?.server.close();
    metricsListener?.server.closeAllConnections();
    await bff.stop();
    await transport.close();
    await shared?.close();
    await embedded?.emulator.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** /metrics on a port of its own (loopback by default), so that the public port never serves it. */
async function startMetricsListener(config: Config, metrics: Metrics) {
  const { host, port } = config.metrics!;
  // One scraper needs one connection; a few spare for a second one or a curl.
  const server = createHttpServer(metricsEndpoint(metrics), { ...config.http, maxConnections: 16 });
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${await listen(server, port, host)}/metrics`;
  return { server, url };
}

/** What the GraphQL server is built from: the configuration, and Stytch as this process reaches it. */
function serverDeps(
  config: Config,
  stytch: StytchCredentials,
  embedded: EmbeddedEmulator | null,
  { transport, logger, metrics }: { transport: StytchHttpTransport; logger: Logger; metrics: Metrics },
): ServerDeps {
  return {
    stytch: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier(stytch),
    logger,
    metrics,
    production: !config.development,
    development: config.development,
    corsOrigins: config.corsOrigins,
    cookieNames: config.cookieNames,
    cookieSameSite: config.cookieSameSite,
    requestBudgetMs: config.requestBudgetMs,
    sessionMaxMinutes: config.sessionMaxMinutes,
    trustedProxyHops: config.trustedProxyHops,
    documentCacheBytes: config.documentCacheBytes,
    signIn: {
      publicApiUrl: stytch.baseUrl,
      publicToken: config.signIn.publicToken ?? embedded?.emulator.publicToken ?? null,
      linkRedirectUrl: config.signIn.linkRedirectUrl,
      ssoRedirectUrl: config.signIn.ssoRedirectUrl,
    },
    cache: {
      store: new MemoryCacheStore(config.cache.bytes),
      lifetimes: { snapshotMs: config.cache.snapshotMs, discoveryMs: config.cache.discoveryMs },
    },
  };
}

/** What the Redis-backed state replaces: throttles, pending steps, revocations, snapshot caches. */
function sharedDeps(config: Config, shared: SharedState): Partial<ServerDeps> {
  return {
    state: shared.state,
    cache: {
      store: shared.cache,
      lifetimes: { snapshotMs: config.cache.snapshotMs, discoveryMs: config.cache.discoveryMs },
    },
    revokedSessions: shared.revokedSessions,
    storeStatus: shared.status,
  };
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * A project id and secret made fresh at each start: the demo session tokens derive from the project id, so
 * no token printed by an earlier run (or written in a README) opens this one.
 */
async function startEmbeddedEmulator(): Promise<EmbeddedEmulator> {
  const projectId = `project-test-${randomUUID()}`;
  const secret = `secret-test-${randomBytes(24).toString("base64url")}`;
  const emulator = createEmulator({ projectId, secret });
  const { url } = await emulator.start({ port: 0, host: "127.0.0.1" });
  return { emulator, credentials: { projectId, secret, baseUrl: url } };
}

function printBanner(
  config: Config,
  port: number,
  embedded: EmbeddedEmulator | null,
  metricsUrl: string | null,
): void {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const mode = config.development ? "development" : "production-safe";
  const lines = [`Stytch B2B GraphQL BFF (${mode}) ready at http://${host}:${port}/graphql`];
  if (metricsUrl) lines.push(`Prometheus metrics at ${metricsUrl}`);
  lines.push(
    config.redis
      ? `Shared state (throttles, revocations, caches) in Redis at ${redisTarget(config.redis)}`
      : "State in this process's memory (set REDIS_URL to share it between replicas)",
  );
  if (embedded) {
    const token = embedded.emulator.demoSessions.ada.sessionToken;
    lines.push(
      `No STYTCH_PROJECT_ID / STYTCH_SECRET set: using the embedded Stytch emulator at ${embedded.credentials.baseUrl}`,
      `  Listening on loopback only; the demo tokens below are made fresh at each start.`,
      `Demo session token (Ada, Acme Corp): ${token}`,
      `  In Apollo Sandbox, add the header  Authorization: Bearer ${token}`,
      `  and run: mutation { exchangeSession(orgId: "globex") { __typename } }`,
    );
  }
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error("fatal:", error instanceof Error ? error.message : error);
  process.exit(1);
});
