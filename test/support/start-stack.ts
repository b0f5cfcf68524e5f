import "reflect-metadata";
import type { Server } from "node:http";
import { loadConfig, type LogLevel } from "../../src/config";
import { createHttpServer, listen, type HttpServerLimits } from "../../src/http/create-http-server";
import { createLogger } from "../../src/logger";
import {
  createEmulator,
  createManualClock,
  DEV_PROJECT_ID,
  DEV_SECRET,
  type Emulator,
  type ManualClock,
} from "../../src/emulator";
import { AbuseGuard } from "../../src/throttle/abuse-guard";
import { MemoryStateStore } from "../../src/throttle/state-store";
import { DEFAULT_COOKIE_NAMES } from "../../src/auth/cookies";
import { SessionJwtVerifier } from "../../src/auth/session-jwt-verifier";
import { createServer as createBff } from "../../src/server";
import { Metrics } from "../../src/observability/metrics";
import { metricsEndpoint } from "../../src/observability/metrics-endpoint";
import { StytchHttpTransport } from "../../src/stytch/http-transport";
import { StytchAdapter } from "../../src/stytch/stytch-adapter";

export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  text: string;
}

export interface Stack {
  emulator: Emulator;
  /** The clock of the BFF's throttles (SMS spacing, attempt windows): advance it instead of sleeping. */
  throttleClock: ManualClock;
  /** The emulator's seed again, and every throttle window of the BFF closed (a day passes on its clock). */
  reset(): void;
  url: string;
  /** The metrics listener's /metrics, on a port of its own as in production. */
  metricsUrl: string;
  metrics: Metrics;
  transport: StytchHttpTransport;
  logs: string[];
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  stop(): Promise<void>;
}

export interface StackOptions {
  deadlineMs?: number;
  production?: boolean;
  emulator?: Emulator;
  corsOrigins?: string[];
  breaker?: { threshold: number; cooldownMs: number };
  requestBudgetMs?: number;
  logLevel?: string;
  /** Overrides of the shipped timeouts and connection cap (defaults: what the configuration defaults to). */
  http?: Partial<HttpServerLimits>;
}

/** The real thing on loopback: emulator over HTTP ← adapter (undici) ← BFF over HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = options.emulator ?? createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const { url: emulatorUrl } = await emulator.start({ port: 0 });
  const metrics = new Metrics();
  const transport = new StytchHttpTransport(
    {
      baseUrl: emulatorUrl,
      projectId: emulator.projectId,
      secret: emulator.secret,
      deadlineMs: options.deadlineMs ?? 2000,
      maxConnections: 16,
      breaker: options.breaker,
    },
    metrics,
  );
  const logs: string[] = [];
  const logger = createLogger((options.logLevel ?? "debug") as LogLevel, {
    write: (line: string) => void logs.push(line),
  });
  const throttleClock = createManualClock(Date.now());
  const bff = createBff({
    guard: new AbuseGuard(new MemoryStateStore(throttleClock.now), undefined, throttleClock.now),
    port: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier({ projectId: emulator.projectId, baseUrl: emulatorUrl }),
    logger,
    production: options.production ?? false,
    development: !options.production,
    corsOrigins: options.corsOrigins ?? ["https://app.example.com"],
    cookieNames: DEFAULT_COOKIE_NAMES,
    metrics,
    requestBudgetMs: options.requestBudgetMs ?? 5000,
  });
  await bff.start();
  const limits = { ...loadConfig({ NODE_ENV: "development" }).http, ...options.http };
  const server: Server = createHttpServer(bff.handle, limits);
  const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}/graphql`;
  const metricsServer = createHttpServer(metricsEndpoint(metrics), limits);
  const metricsUrl = `http://127.0.0.1:${await listen(metricsServer, 0, "127.0.0.1")}/metrics`;

  return {
    emulator,
    throttleClock,
    reset() {
      emulator.reset();
      throttleClock.advance(24 * 60 * 60_000);
    },
    url,
    metricsUrl,
    logs,
    metrics,
    transport,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    },
    async stop() {
      server.closeAllConnections();
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await bff.stop();
      await transport.close();
      await emulator.stop();
    },
  };
}
