import "reflect-metadata";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { ConfigError, loadConfig, type Config, type StytchCredentials } from "./config";
import { createEmulator, DEV_PROJECT_ID, DEV_SECRET, type Emulator } from "./emulator";
import { answerClientErrorsInJson } from "./http/client-errors";
import { createLogger } from "./logger";
import { Metrics } from "./observability/metrics";
import { createServer } from "./server";
import { StytchHttpTransport } from "./stytch/http-transport";
import { StytchAdapter } from "./stytch/stytch-adapter";

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
  const bff = createServer({
    port: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier(stytch),
    logger,
    metrics,
    production: config.nodeEnv === "production",
    development: config.nodeEnv === "development",
    corsOrigins: config.corsOrigins,
    cookieNames: config.cookieNames,
    cookieSameSite: config.cookieSameSite,
    requestBudgetMs: config.requestBudgetMs,
  });
  await bff.start();

  const http = createHttpServer(bff.handle);
  http.keepAliveTimeout = 65_000;
  answerClientErrorsInJson(http);
  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  printBanner(config, (http.address() as AddressInfo).port, embedded);

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
    await bff.stop();
    await transport.close();
    await embedded?.emulator.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
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

async function startEmbeddedEmulator(): Promise<EmbeddedEmulator> {
  const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const { url } = await emulator.start({ port: 0, host: "127.0.0.1" });
  return { emulator, credentials: { projectId: DEV_PROJECT_ID, secret: DEV_SECRET, baseUrl: url } };
}

function printBanner(config: Config, port: number, embedded: EmbeddedEmulator | null): void {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const lines = [`Stytch B2B GraphQL BFF (${config.nodeEnv}) ready at http://${host}:${port}/graphql`];
  if (embedded) {
    const token = embedded.emulator.demoSessions.ada.sessionToken;
    lines.push(
      `No STYTCH_PROJECT_ID / STYTCH_SECRET set: using the embedded Stytch emulator at ${embedded.credentials.baseUrl}`,
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
