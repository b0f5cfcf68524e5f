import "reflect-metadata";
import { randomBytes, randomUUID } from "node:crypto";
import { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { ConfigError, loadConfig, type Config, type StytchCredentials } from "./config";
import { createEmulator, DEMO, type Emulator } from "./emulator";
import { bannerText, emulatorCodeLinks, type EmbeddedEmulatorInfo } from "./banner";
import { startupWarnings } from "./startup-warnings";
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
  /** The default port that was busy, when the emulator fell back to a free one. */
  fellBackFrom: number | null;
}

/** Composition root: config → Stytch (real, or the embedded emulator) → GraphQL server → listen → drain. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const embedded = config.stytch ? null : await startEmbeddedEmulator(config.emulatorPort);
  const stytch: StytchCredentials = config.stytch ?? embedded!.credentials;

  const metrics = new Metrics();
  const transport = new StytchHttpTransport(
    { ...stytch, deadlineMs: config.upstreamDeadlineMs, maxConnections: config.upstreamMaxConnections },
    metrics,
  );
  const info = embedded && embeddedInfo(embedded);
  // With REDIS_URL, replicas share throttles, revocations and caches; without it, this process's memory.
  const shared =
    config.redis &&
    (await connectSharedState(config.redis, { observer: metrics, logger, secret: stytch.secret }));
  const bff = createServer({
    ...serverDeps(config, stytch, embedded, { transport, logger, metrics }),
    ...(shared ? sharedDeps(config, shared, stytch.secret) : {}),
    landingPageLinks: info ? emulatorCodeLinks(info) : [],
  });
  await bff.start();

  const http = createHttpServer(bff.handle, config.http);
  const port = await listen(http, config.port, config.host);
  const metricsListener = config.metrics && (await startMetricsListener(config, metrics));
  announce(config, listenOrigin(config.host, port), metricsListener?.url ?? null, info, logger);

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

/** Start-up warnings in the log and the banner, where the developer who just ran `npm start` reads them. */
function announce(
  config: Config,
  origin: string,
  metricsUrl: string | null,
  embedded: EmbeddedEmulatorInfo | null,
  logger: Logger,
): void {
  const warnings = startupWarnings(config, origin);
  for (const warning of warnings) logger.warn(warning);
  console.log(bannerText({ config, graphqlUrl: `${origin}/graphql`, metricsUrl, embedded, warnings }));
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
    adoptStytchSdkCookies: config.adoptStytchSdkCookies,
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
function sharedDeps(config: Config, shared: SharedState, secret: string): Partial<ServerDeps> {
  return {
    // Every replica derives the same keys for hashed addresses from the one secret they share.
    storeKeySecret: secret,
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
async function startEmbeddedEmulator(want: Config["emulatorPort"]): Promise<EmbeddedEmulator> {
  const projectId = `project-test-${randomUUID()}`;
  const secret = `secret-test-${randomBytes(24).toString("base64url")}`;
  const emulator = createEmulator({ projectId, secret });
  const { url, fellBackFrom } = await listenEmulator(emulator, want);
  return { emulator, credentials: { projectId, secret, baseUrl: url }, fellBackFrom };
}

/**
 * A fixed port, so the code URLs in the banner and in the docs stay the same across starts. A port someone
 * asked for that is busy stops start-up (a silent move would send them to the wrong process); the default
 * one falls back to any free port, and the banner says so.
 */
async function listenEmulator(emulator: Emulator, want: Config["emulatorPort"]) {
  try {
    const { url } = await emulator.start({ port: want.port, host: "127.0.0.1" });
    return { url, fellBackFrom: null };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    if (want.explicit) {
      throw new ConfigError(
        "STYTCH_EMULATOR_PORT",
        `is ${want.port}, which another process listens on; stop it, choose another port, or 0 for any free one`,
      );
    }
    const { url } = await emulator.start({ port: 0, host: "127.0.0.1" });
    return { url, fellBackFrom: want.port };
  }
}

/** What the banner says about the embedded emulator, read from it (the demo session's real expiry). */
function embeddedInfo(embedded: EmbeddedEmulator): EmbeddedEmulatorInfo {
  const demo = embedded.emulator.demoSessions.ada;
  const session = embedded.emulator.state.sessions.find((s) => s.sessionToken === demo.sessionToken);
  const { started_at: startedAt, expires_at: expiresAt } = session!.memberSession;
  const ada = DEMO.people.ada;
  return {
    url: embedded.credentials.baseUrl,
    fellBackFrom: embedded.fellBackFrom,
    demoToken: demo.sessionToken,
    demoSessionMinutes: Math.round((Date.parse(expiresAt) - Date.parse(startedAt)) / 60_000),
    demoSessionExpiresAt: expiresAt,
    ada: { email: ada.email, smsMemberId: ada.members.globex, totpMemberId: ada.members.umbrella },
  };
}

/** The address the banner prints; a wildcard host is reached as localhost. */
function listenOrigin(configHost: string, port: number): string {
  const host = configHost === "0.0.0.0" || configHost === "::" ? "localhost" : configHost;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error("fatal:", error instanceof Error ? error.message : error);
  process.exit(1);
});
