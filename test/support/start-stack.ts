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
import { MemoryStateStore, type StateStore, type ValueStore } from "../../src/state/state-store";
import { MemoryCacheStore } from "../../src/state/memory-cache-store";
import { DEFAULT_COOKIE_NAMES, type CookieNames } from "../../src/auth/cookies";
import { SessionJwtVerifier } from "../../src/auth/session-jwt-verifier";
import { createServer as createBff, DEFAULT_CACHE_BYTES, DEFAULT_SNAPSHOT_LIFETIMES } from "../../src/server";
import { Metrics } from "../../src/observability/metrics";
import { metricsEndpoint } from "../../src/observability/metrics-endpoint";
import { StytchHttpTransport } from "../../src/stytch/http-transport";
import { StytchAdapter } from "../../src/stytch/stytch-adapter";
import { postGraphQL } from "./http";

export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  text: string;
}

/** The server's log line for one request, written when it ended, timed on its own clock. */
export interface RequestLine {
  requestId: string;
  route: string;
  operation: string;
  outcome: string;
  status: number;
  durationMs: number;
  upstreamCalls: number;
  time: number;
  [field: string]: any;
}

export interface Stack {
  emulator: Emulator;
  /**
   * The clock of the BFF's throttles (SMS spacing, attempt windows) and of its snapshot cache's lifetimes:
   * advance it instead of sleeping.
   */
  throttleClock: ManualClock;
  /** The clock of the transport's circuit breakers: advance it past `cooldownMs` instead of sleeping. */
  breakerClock: ManualClock;
  /**
   * The emulator's seed again, the BFF's throttle state and snapshot cache emptied (their clock back at real time) and every
   * breaker's cooldown over (a day passes on the breakers' clock).
   */
  reset(): void;
  url: string;
  /** The metrics listener's /metrics, on a port of its own as in production. */
  metricsUrl: string;
  metrics: Metrics;
  transport: StytchHttpTransport;
  logs: string[];
  /** The server's own line for each request it finished (needs logLevel info or lower), in order. */
  requestLines(): RequestLine[];
  /** The one request line of `requestId` (an answer's x-request-id); throws unless there is exactly one. */
  requestLine(requestId: string | null): RequestLine;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  stop(): Promise<void>;
}

export interface StackOptions {
  deadlineMs?: number;
  production?: boolean;
  emulator?: Emulator;
  corsOrigins?: string[];
  /** Cookie names (default: Stytch's SDK names, as in development; production's are `__Host-` prefixed). */
  cookieNames?: CookieNames;
  /** STYTCH_SDK_COOKIES=adopt: take over sessions in Stytch's SDK cookies (with cookieNames other than theirs). */
  adoptStytchSdkCookies?: boolean;
  /** The breakers' thresholds and cooldown (default: the shipped 5 failures, 5 s), on `breakerClock`. */
  breaker?: { threshold: number; cooldownMs: number };
  requestBudgetMs?: number;
  logLevel?: string;
  /** Overrides of the shipped timeouts and connection cap (defaults: what the configuration defaults to). */
  http?: Partial<HttpServerLimits>;
  /**
   * The page sign-in links and SSO return to (default: SIGN_IN_PAGE and SSO_PAGE), read at each request: a
   * browser test's web dev server starts after the stack (it needs the BFF's URL) and has a port only then.
   */
  redirectPage?: () => string;
}

/** The frontend's pages that sign-in links and SSO return to (the test app's origin is allowed by CORS). */
export const SIGN_IN_PAGE = "https://app.example.com/authenticate";
export const SSO_PAGE = "https://app.example.com/sso";

/** Getters: the BFF keeps this object and reads the redirect URLs when it needs one. */
function signInSettings(publicApiUrl: string, publicToken: string, redirectPage?: () => string) {
  return {
    publicApiUrl,
    publicToken,
    get linkRedirectUrl() {
      return redirectPage?.() ?? SIGN_IN_PAGE;
    },
    get ssoRedirectUrl() {
      return redirectPage?.() ?? SSO_PAGE;
    },
  };
}

/** What the transport uses when not told otherwise (src/stytch/http-transport.ts). */
const SHIPPED_BREAKER = { threshold: 5, cooldownMs: 5_000 };
const DAY_MS = 24 * 60 * 60_000;

/** The real thing on loopback: emulator over HTTP ← adapter (undici) ← BFF over HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = options.emulator ?? createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const { url: emulatorUrl } = await emulator.start({ port: 0 });
  const metrics = new Metrics();
  const breakerClock = createManualClock(Date.now());
  const transport = new StytchHttpTransport(
    {
      baseUrl: emulatorUrl,
      projectId: emulator.projectId,
      secret: emulator.secret,
      deadlineMs: options.deadlineMs ?? 2000,
      maxConnections: 16,
      breaker: { ...SHIPPED_BREAKER, ...options.breaker, now: breakerClock.now },
    },
    metrics,
  );
  const logs: string[] = [];
  const logger = createLogger((options.logLevel ?? "debug") as LogLevel, {
    write: (line: string) => void logs.push(line),
  });
  const requestLines = (): RequestLine[] =>
    logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "request");
  // The BFF's state (throttles, what Stytch taught about credentials) is kept against its own clock, which
  // starts at real time because Stytch's (the emulator's) expiries are real times; reset() empties it.
  const throttleClock = createManualClock(Date.now());
  let state = new MemoryStateStore(throttleClock.now);
  let signInState = new MemoryStateStore(throttleClock.now);
  const swappable = (current: () => StateStore): StateStore => ({
    increment: (...args) => current().increment(...args),
    peek: (key) => current().peek(key),
    put: (...args) => current().put(...args),
    get: (key) => current().get(key),
    delete: (key) => current().delete(key),
    claim: (...args) => current().claim(...args),
  });
  const store = swappable(() => state);
  // Snapshots live on the same clock; reset() empties them too, so that no test sees another's.
  let snapshots = new MemoryCacheStore(DEFAULT_CACHE_BYTES, throttleClock.now);
  const cacheStore: ValueStore = {
    put: (...args) => snapshots.put(...args),
    get: (key) => snapshots.get(key),
    delete: (key) => snapshots.delete(key),
  };
  const bff = createBff({
    state: { store, signInStore: swappable(() => signInState), now: throttleClock.now },
    cache: { store: cacheStore, lifetimes: DEFAULT_SNAPSHOT_LIFETIMES },
    signIn: signInSettings(emulatorUrl, emulator.publicToken, options.redirectPage),
    stytch: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier({ projectId: emulator.projectId, baseUrl: emulatorUrl }),
    logger,
    production: options.production ?? false,
    development: !options.production,
    corsOrigins: options.corsOrigins ?? ["https://app.example.com"],
    cookieNames: options.cookieNames ?? DEFAULT_COOKIE_NAMES,
    adoptStytchSdkCookies: options.adoptStytchSdkCookies,
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
    breakerClock,
    reset() {
      emulator.reset();
      throttleClock.set(Date.now());
      state = new MemoryStateStore(throttleClock.now);
      signInState = new MemoryStateStore(throttleClock.now);
      snapshots = new MemoryCacheStore(DEFAULT_CACHE_BYTES, throttleClock.now);
      breakerClock.advance(DAY_MS);
    },
    url,
    metricsUrl,
    logs,
    metrics,
    transport,
    async gql(query, variables, token) {
      const { status, headers, text } = await postGraphQL(url, query, variables, { bearer: token });
      return { status, headers, body: JSON.parse(text), text };
    },
    requestLines,
    requestLine(requestId) {
      const lines = requestLines().filter((line) => line.requestId === requestId);
      if (lines.length !== 1) throw new Error(`${lines.length} request log lines for ${requestId}`);
      return lines[0];
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
