import { DEFAULT_COOKIE_NAMES, type CookieNames } from "./auth/cookies";
import type { HttpServerLimits } from "./http/create-http-server";
import { crossSiteExplanation, crossSiteOrigins } from "./http/cross-site-origins";

/**
 * The only reader of process.env. Every setting is typed and validated here; an invalid value stops
 * start-up with a message naming the variable.
 */

export type NodeEnv = "development" | "production" | "test";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface StytchCredentials {
  projectId: string;
  secret: string;
  /** API origin without a trailing slash; Stytch's paths are absolute. */
  baseUrl: string;
}

export interface Config {
  /** Browser origins allowed to call with credentials (CORS); same-origin calls need no entry. */
  corsOrigins: string[];
  /**
   * The origin browsers reach the BFF at (behind a proxy: the proxy's). Set, every CORS_ORIGINS entry must be on
   * its site (start-up refuses otherwise); null: the listening address stands in, and a mismatch only warns.
   */
  publicUrl: string | null;
  /**
   * Where the embedded emulator listens (127.0.0.1). `explicit`: STYTCH_EMULATOR_PORT was set, so a busy port
   * stops start-up; the default (4010) falls back to any free port instead.
   */
  emulatorPort: { port: number; explicit: boolean };
  cookieNames: CookieNames;
  /**
   * STYTCH_SDK_COOKIES=adopt: a browser whose session Stytch's own login UI wrote (`stytch_session`,
   * `stytch_session_jwt`, script-readable) is let in, and its session moved into the BFF's HttpOnly cookies.
   * Off by default: an unprefixed cookie can be planted by a sibling subdomain, which __Host- names prevent.
   */
  adoptStytchSdkCookies: boolean;
  /**
   * Lax by default. None only in development, and even then current browsers block such cookies as third-party
   * cookies on cross-site requests (start-up warns): cross-site callers such as Apollo Sandbox use bearer tokens.
   */
  cookieSameSite: "Lax" | "Strict" | "None";
  /** NODE_ENV as given; undefined when unset or empty. */
  nodeEnv: NodeEnv | undefined;
  /**
   * Only an explicit NODE_ENV=development turns on what production must never have: cookies without Secure,
   * introspection, the landing page, Apollo Sandbox as an allowed origin. Unset, empty or `test` is
   * production-safe.
   */
  development: boolean;
  /** Loopback when the embedded emulator serves as Stytch: its demo sessions must not reach the network. */
  host: string;
  port: number;
  logLevel: LogLevel;
  /** null: no credentials configured, so the embedded emulator serves as Stytch (not allowed in production). */
  stytch: StytchCredentials | null;
  /** Deadline for one Stytch call, retries included. */
  upstreamDeadlineMs: number;
  /** Most keep-alive connections held open to Stytch. */
  upstreamMaxConnections: number;
  /** Budget for all Stytch calls of one GraphQL request. */
  requestBudgetMs: number;
  /** After SIGTERM: how long requests in flight may take before the process exits anyway. */
  shutdownGraceMs: number;
  /** After SIGTERM: how long the server keeps accepting (readiness failing) so load balancers can notice. */
  shutdownDelayMs: number;
  /** The longest session a client may get; a client may ask for less, never more. */
  sessionMaxMinutes: number;
  /**
   * Reverse proxies in front of the BFF that append to X-Forwarded-For. 0: the client is the socket's peer.
   * Per-client throttles use this address, so it must match the deployment.
   */
  trustedProxyHops: number;
  /** Header and request timeouts and the connection cap of the public listener (slow or many clients). */
  http: HttpServerLimits;
  /** Apollo's cache of parsed documents, in the bytes they really hold; 0: none. */
  documentCacheBytes: number;
  /**
   * Snapshots of Stytch's answers kept across requests: their bound in bytes, and how long a member or
   * organization and a session's switch list are shown again without asking Stytch (0: never).
   */
  cache: { bytes: number; snapshotMs: number; discoveryMs: number };
  /**
   * Where sign-in links and SSO send the browser back (the frontend's page that hands the token to this API),
   * and the project's public token, which Stytch's browser-facing SSO start asks for. null: that way of
   * signing in is not offered.
   */
  signIn: { linkRedirectUrl: string | null; ssoRedirectUrl: string | null; publicToken: string | null };
  /** Where Prometheus scrapes /metrics, apart from the public port; null: nowhere; port 0: any free one. */
  metrics: { host: string; port: number } | null;
  /**
   * The store replicas share (throttles, revocations, snapshot caches); null: this process's memory, the
   * default, which needs nothing installed. See docs/redis.md.
   */
  redis: RedisConfig | null;
}

/** Redis as parsed from REDIS_URL (the password never logged: see `redisTarget`). */
export interface RedisConfig {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** Prepended to every key and channel, so that several deployments can share one Redis. */
  keyPrefix: string;
  /** The longest one Redis call may take before it counts as failed (and the request goes on without it). */
  deadlineMs: number;
  /**
   * Anonymous operations that may create keys (sign-in emails and checks, checks of unknown MFA steps), per
   * minute across every replica: what bounds the memory a flood can make Redis hold (docs/redis.md).
   */
  anonymousPerMinute: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

const NODE_ENVS: readonly NodeEnv[] = ["development", "production", "test"];
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Stytch's bounds for session_duration_minutes: 5 minutes to 366 days. */
export const STYTCH_SESSION_MINUTES = { min: 5, max: 527_040 } as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV?.trim() ? oneOf(env, "NODE_ENV", NODE_ENVS, "production") : undefined;
  const development = nodeEnv === "development";
  const stytch = stytchCredentials(env, nodeEnv, development);
  return {
    nodeEnv,
    development,
    host: host(env, stytch === null),
    port: integer(env, "PORT", 4000, { min: 0, max: 65535 }),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    stytch,
    upstreamDeadlineMs: integer(env, "STYTCH_DEADLINE_MS", 3000, { min: 50, max: 60_000 }),
    upstreamMaxConnections: integer(env, "STYTCH_MAX_CONNECTIONS", 256, { min: 1, max: 1024 }),
    requestBudgetMs: integer(env, "REQUEST_BUDGET_MS", 5000, { min: 100, max: 120_000 }),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_MS", 10_000, { min: 0, max: 300_000 }),
    shutdownDelayMs: integer(env, "SHUTDOWN_DELAY_MS", 2_000, { min: 0, max: 60_000 }),
    http: httpLimits(env),
    documentCacheBytes: integer(env, "DOCUMENT_CACHE_MB", 16, { min: 0, max: 1024 }) * 1024 * 1024,
    cache: snapshotCache(env),
    signIn: {
      linkRedirectUrl: redirectUrl(env, "SIGN_IN_REDIRECT_URL", development, stytch === null),
      ssoRedirectUrl: redirectUrl(env, "SSO_REDIRECT_URL", development, stytch === null),
      publicToken: publicToken(env),
    },
    metrics: metricsListener(env),
    redis: redis(env),
    sessionMaxMinutes: integer(env, "SESSION_MAX_MINUTES", 60, STYTCH_SESSION_MINUTES),
    trustedProxyHops: integer(env, "TRUSTED_PROXY_HOPS", 0, { min: 0, max: 10 }),
    ...browserOrigins(env),
    emulatorPort: emulatorPort(env),
    cookieSameSite: sameSite(env, development),
    cookieNames: cookieNames(env, development),
    adoptStytchSdkCookies:
      oneOf(env, "STYTCH_SDK_COOKIES", ["ignore", "adopt"] as const, "ignore") === "adopt",
  };
}

/** The example web app's page (`npm run web`): where the embedded emulator returns links and SSO by default. */
export const EXAMPLE_WEB_APP_URL = "http://localhost:5173/";

/**
 * An absolute URL of the frontend; https outside development (a token travels in its query). With the embedded
 * emulator (no Stytch credentials) plain http is fine and the example app is the default: only the emulator,
 * on this machine, ever redirects there, and its tokens open nothing but the emulator's demo data.
 */
function redirectUrl(
  env: NodeJS.ProcessEnv,
  name: string,
  development: boolean,
  embeddedEmulator: boolean,
): string | null {
  const raw = env[name]?.trim();
  if (!raw) return embeddedEmulator ? EXAMPLE_WEB_APP_URL : null;
  const httpAllowed = development || embeddedEmulator;
  const url = parsedUrl(raw);
  const allowed = httpAllowed ? ["https:", "http:"] : ["https:"];
  if (!url || !allowed.includes(url.protocol)) {
    throw new ConfigError(
      name,
      httpAllowed ? "must be an absolute http(s) URL" : "must be an absolute https URL",
    );
  }
  return url.href;
}

function publicToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.STYTCH_PUBLIC_TOKEN?.trim();
  if (!raw) return null;
  if (!/^public-token-(test|live)-[A-Za-z0-9-]{1,100}$/.test(raw))
    throw new ConfigError("STYTCH_PUBLIC_TOKEN", "must look like public-token-test-… or public-token-live-…");
  return raw;
}

/** Display data a minute old is fresher than the roles in a session JWT, which Stytch lets live 5 minutes. */
function snapshotCache(env: NodeJS.ProcessEnv): Config["cache"] {
  return {
    bytes: integer(env, "CACHE_MB", 32, { min: 1, max: 4096 }) * 1024 * 1024,
    snapshotMs: integer(env, "CACHE_SNAPSHOT_SECONDS", 60, { min: 0, max: 3600 }) * 1000,
    discoveryMs: integer(env, "CACHE_DISCOVERY_SECONDS", 60, { min: 0, max: 3600 }) * 1000,
  };
}

function stytchCredentials(
  env: NodeJS.ProcessEnv,
  nodeEnv: NodeEnv | undefined,
  development: boolean,
): StytchCredentials | null {
  const projectId = env.STYTCH_PROJECT_ID?.trim() || undefined;
  const secret = env.STYTCH_SECRET?.trim() || undefined;
  if (!projectId && !secret) {
    if (nodeEnv === "production") {
      throw new ConfigError(
        "STYTCH_PROJECT_ID",
        "is required in production (the embedded emulator is for development)",
      );
    }
    if (env.STYTCH_BASE_URL)
      throw new ConfigError("STYTCH_PROJECT_ID", "is required when STYTCH_BASE_URL is set");
    return null;
  }
  if (!projectId) throw new ConfigError("STYTCH_PROJECT_ID", "is required when STYTCH_SECRET is set");
  if (!secret) throw new ConfigError("STYTCH_SECRET", "is required when STYTCH_PROJECT_ID is set");
  if (!/^project-(test|live)-[A-Za-z0-9-]+$/.test(projectId)) {
    throw new ConfigError("STYTCH_PROJECT_ID", "must look like project-test-… or project-live-…");
  }
  const url = baseUrl(env, projectId);
  // Basic auth carries the secret: outside development it travels over TLS, or never leaves the machine.
  if (
    !development &&
    url.startsWith("http:") &&
    !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(url)
  ) {
    throw new ConfigError(
      "STYTCH_BASE_URL",
      "must use https outside development (plain http only on loopback)",
    );
  }
  return { projectId, secret, baseUrl: url };
}

/** Stytch's own rule (SDK lib/shared/envs): live projects use api.stytch.com, test projects test.stytch.com. */
function baseUrl(env: NodeJS.ProcessEnv, projectId: string): string {
  const raw = env.STYTCH_BASE_URL?.trim();
  if (!raw)
    return projectId.startsWith("project-live-") ? "https://api.stytch.com" : "https://test.stytch.com";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("STYTCH_BASE_URL", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("STYTCH_BASE_URL", "must be an absolute http(s) URL");
  }
  // Stytch's paths are absolute (/v1/b2b/...): like the SDK, a path in the base URL is dropped.
  return url.origin;
}

function sameSite(env: NodeJS.ProcessEnv, development: boolean): Config["cookieSameSite"] {
  const value = oneOf(env, "COOKIE_SAME_SITE", ["Lax", "Strict", "None"] as const, "Lax");
  if (value === "None" && !development) {
    throw new ConfigError(
      "COOKIE_SAME_SITE",
      "may be None only with NODE_ENV=development (cross-site cookies invite CSRF)",
    );
  }
  return value;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** All interfaces with real Stytch; loopback only (and nothing else allowed) with the embedded emulator. */
function host(env: NodeJS.ProcessEnv, embeddedEmulator: boolean): string {
  const value = text(env, "HOST", embeddedEmulator ? "127.0.0.1" : "0.0.0.0");
  if (embeddedEmulator && !LOOPBACK_HOST.test(value)) {
    throw new ConfigError(
      "HOST",
      "must be a loopback address with the embedded emulator (its demo sessions are for this machine only)",
    );
  }
  return value;
}

/** The fixed port `npm start` prints, and the standalone emulator's default too. */
export const DEFAULT_EMULATOR_PORT = 4010;

function emulatorPort(env: NodeJS.ProcessEnv): Config["emulatorPort"] {
  const explicit = Boolean(env.STYTCH_EMULATOR_PORT?.trim());
  const port = integer(env, "STYTCH_EMULATOR_PORT", DEFAULT_EMULATOR_PORT, { min: 0, max: 65535 });
  return { port, explicit };
}

function browserOrigins(env: NodeJS.ProcessEnv): Pick<Config, "corsOrigins" | "publicUrl"> {
  const corsOrigins = origins(env, "CORS_ORIGINS");
  const publicUrl = publicOrigin(env);
  const foreign = publicUrl ? crossSiteOrigins(corsOrigins, publicUrl) : [];
  if (publicUrl && foreign.length > 0) {
    throw new ConfigError(
      "CORS_ORIGINS",
      `${crossSiteExplanation(foreign, publicUrl)}, or set PUBLIC_URL right.`,
    );
  }
  return { corsOrigins, publicUrl };
}

/** PUBLIC_URL as an origin: a path (https://api.example.com/graphql) is accepted and dropped. */
function publicOrigin(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  const url = parsedUrl(raw);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new ConfigError(
      "PUBLIC_URL",
      `must be an absolute http(s) URL like https://api.example.com (got "${raw.slice(0, 60)}")`,
    );
  }
  return url.origin;
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(",").map((entry) => {
    const value = entry.trim();
    const url = parsedUrl(value);
    if (!url || url.origin !== value || (url.protocol !== "https:" && url.protocol !== "http:")) {
      throw new ConfigError(
        name,
        `must be a comma-separated list of origins like https://app.example.com (got "${value.slice(0, 60)}")`,
      );
    }
    return value;
  });
}

/**
 * Outside development the default names carry the `__Host-` prefix: browsers then accept them only with Secure,
 * Path=/ and no Domain, so no sibling subdomain can plant or shadow a session cookie. Development serves plain
 * http://, where Chromium accepts Secure cookies from localhost but not every browser does (nor from a LAN
 * address), so it keeps the unprefixed names Stytch's SDKs use.
 */
function cookieNames(env: NodeJS.ProcessEnv, development: boolean): Config["cookieNames"] {
  const prefix = development ? "" : "__Host-";
  return {
    sessionToken: cookieName(env, "SESSION_COOKIE_NAME", prefix + DEFAULT_COOKIE_NAMES.sessionToken),
    sessionJwt: cookieName(env, "SESSION_JWT_COOKIE_NAME", prefix + DEFAULT_COOKIE_NAMES.sessionJwt),
    intermediateSessionToken: cookieName(
      env,
      "INTERMEDIATE_SESSION_COOKIE_NAME",
      prefix + DEFAULT_COOKIE_NAMES.intermediateSessionToken,
    ),
    pkceVerifier: cookieName(env, "PKCE_COOKIE_NAME", prefix + DEFAULT_COOKIE_NAMES.pkceVerifier),
  };
}

function cookieName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value))
    throw new ConfigError(name, "must be a cookie name (letters, digits, _ . -)");
  return value;
}

function httpLimits(env: NodeJS.ProcessEnv): HttpServerLimits {
  const headersTimeoutMs = integer(env, "HEADERS_TIMEOUT_MS", 10_000, { min: 1000, max: 300_000 });
  const requestTimeoutMs = integer(env, "REQUEST_TIMEOUT_MS", 30_000, { min: 1000, max: 600_000 });
  // Node refuses a headers timeout longer than the request timeout (which covers the headers too).
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      "HEADERS_TIMEOUT_MS",
      `must not exceed REQUEST_TIMEOUT_MS (${headersTimeoutMs} > ${requestTimeoutMs})`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections: integer(env, "MAX_CONNECTIONS", 2048, { min: 1, max: 65_535 }),
  };
}

/** REDIS_URL: redis://[user:password@]host[:port][/db] or rediss:// for TLS; absent: the in-memory store. */
function redis(env: NodeJS.ProcessEnv): RedisConfig | null {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return null;
  const url = parsedUrl(raw);
  // The message never repeats the value: it may hold the password.
  if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || !url.hostname)
    throw new ConfigError("REDIS_URL", "must look like redis://[user:password@]host:6379[/db] or rediss://…");
  const db = url.pathname.length > 1 ? url.pathname.slice(1) : "0";
  if (!/^\d{1,2}$/.test(db))
    throw new ConfigError("REDIS_URL", "must name a database number 0-99 as its path");
  const prefix = text(env, "REDIS_KEY_PREFIX", "bff:");
  if (!/^[A-Za-z0-9:_.{}-]{1,64}$/.test(prefix))
    throw new ConfigError("REDIS_KEY_PREFIX", "must be 1-64 letters, digits or : _ . - { }");
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number(db),
    tls: url.protocol === "rediss:",
    keyPrefix: prefix,
    deadlineMs: integer(env, "REDIS_DEADLINE_MS", 100, { min: 5, max: 5000 }),
    anonymousPerMinute: integer(env, "REDIS_ANONYMOUS_PER_MINUTE", 3000, { min: 1, max: 100_000 }),
  };
}

/** Where Redis is, for logs and banners: never the password. */
export function redisTarget(config: RedisConfig): string {
  const user = config.username ? `${config.username}@` : "";
  return `${config.tls ? "rediss" : "redis"}://${user}${config.host}:${config.port}/${config.db}`;
}

/** Loopback by default: what the metrics say is for the operator, not for the internet. */
function metricsListener(env: NodeJS.ProcessEnv): Config["metrics"] {
  const raw = env.METRICS_PORT?.trim();
  if (raw === "off") return null;
  if (raw && !(/^\d+$/.test(raw) && Number(raw) <= 65535)) {
    throw new ConfigError(
      "METRICS_PORT",
      `must be a port from 0 to 65535, or "off" (got "${raw.slice(0, 20)}")`,
    );
  }
  return {
    host: text(env, "METRICS_HOST", "127.0.0.1"),
    port: integer(env, "METRICS_PORT", 9464, { min: 0, max: 65535 }),
  };
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw.slice(0, 20)}")`);
  }
  return value;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(", ")} (got "${raw.slice(0, 20)}")`);
  }
  return raw as T;
}

/** An absolute URL, or undefined for text that is not one (the caller names the variable in its error). */
function parsedUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
