import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "pino";
import { withOfflineFallback, type HelpLink } from "./landing/offline-fallback";
import { DEFAULT_COOKIE_NAMES, type CookiePolicy } from "./auth/cookies";
import type { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { RevokedSessions } from "./auth/revoked-sessions";
import { createContext, type ContextDeps, type RequestContext } from "./context";
import { AbuseGuard } from "./throttle/abuse-guard";
import { AnonymousBudget } from "./throttle/anonymous-budget";
import { keyedHash } from "./throttle/throttle-keys";
import type { WindowLimit } from "./throttle/limits";
import { SignInGuard } from "./throttle/sign-in-guard";
import type { SignInSettings } from "./sessions/sign-in";
import { KnownCredentials } from "./sessions/known-credentials";
import { MemoryStateStore, type StateStore, type ValueStore } from "./state/state-store";
import { MemoryCacheStore } from "./state/memory-cache-store";
import { SnapshotCache, type SnapshotLifetimes } from "./cache/snapshot-cache";
import { ErrorCode } from "./errors/error-code";
import { createFormatError } from "./errors/format-error";
import { createDocumentStore } from "./cache/document-store";
import { createPersistedQueryCache } from "./cache/persisted-query-cache";
import { applyCors, isListedOrigin, type CorsPolicy } from "./http/cors";
import {
  CROSS_SITE_COOKIES_BLOCKED,
  CrossSiteNotices,
  isCookieCallerCrossSite,
  markCrossSite,
} from "./http/cross-site-request";
import { createGraphQLOverHttp, type GraphQLExchange, type GraphQLOverHttp } from "./http/graphql-over-http";
import { createProbes, type Probes } from "./http/probes";
import { GRAPHQL_PATH, requestTarget } from "./http/request-target";
import { sendRequestError } from "./http/send-json";
import type { Metrics } from "./observability/metrics";
import { newRequestRecord } from "./observability/request-record";
import { createRequestFinisher } from "./observability/request-finisher";
import { telemetryPlugin } from "./observability/telemetry-plugin";
import type { RequestScope } from "./request-scope";
import { buildSchema } from "./schema/build-schema";
import type { RequestBoundPort } from "./stytch/port";
import { createDocumentGuard, DEFAULT_LIMITS, type RequestLimits } from "./validation/request-limits";
import { noSchemaIntrospectionRule } from "./validation/no-schema-introspection-rule";
import { oneSideEffectRule } from "./validation/one-side-effect-rule";

export interface ServerDeps {
  /** Stytch, as the port the BFF asks it through (the real adapter, or one bound to the emulator). */
  stytch: RequestBoundPort;
  jwtVerifier: SessionJwtVerifier;
  logger: Logger;
  metrics: Metrics;
  /** Production: no introspection, no landing page, no field suggestions, no limits disclosed. */
  production: boolean;
  /** Development: cookies without Secure (plain http://localhost) and Apollo Sandbox allowed as an origin. */
  development: boolean;
  corsOrigins: readonly string[];
  cookieNames: CookiePolicy["names"];
  cookieSameSite?: CookiePolicy["sameSite"];
  /** Take over sessions Stytch's login UI wrote in its own cookies (STYTCH_SDK_COOKIES=adopt). */
  adoptStytchSdkCookies?: boolean;
  /** All Stytch calls of one request must be done within this budget. */
  requestBudgetMs: number;
  /**
   * Where throttles and pending steps keep their state, and their clock; default: this process's memory. Sign-in
   * throttles, whose keys anonymous callers create (one per email address), keep theirs apart (`signInStore`):
   * a flood of made-up addresses that fills it can refuse sign-ins, never switches or MFA of signed-in members.
   */
  state?: { store: StateStore; signInStore?: StateStore; now: () => number; anonymousBudget?: WindowLimit };
  /** Where sign-in links and SSO lead back (default: neither is offered). */
  signIn?: SignInSettings;
  /** Where snapshots of Stytch's answers are kept across requests, and for how long (default: see below). */
  cache?: { store: ValueStore; lifetimes: SnapshotLifetimes };
  revokedSessions?: RevokedSessions;
  /**
   * What keys of the store's guessable values (email and client addresses) are derived from: the Stytch
   * project secret, the same on every replica (absent: a random key per process, for the in-memory store).
   */
  storeKeySecret?: string;
  /** The shared store's state, shown by /readyz (which does not fail with it); absent: the in-memory store. */
  storeStatus?: () => "ok" | "degraded";
  /** The longest session a client may get (default 60 minutes, Stytch's own default). */
  sessionMaxMinutes?: number;
  /** Reverse proxies in front that append to X-Forwarded-For (default 0). */
  trustedProxyHops?: number;
  bodyLimitBytes?: number;
  limits?: RequestLimits;
  /** Apollo's cache of parsed, validated documents, in the bytes they hold (default 16 MiB; 0: none). */
  documentCacheBytes?: number;
  /** Listed by the development landing page when Apollo's CDN cannot be reached (the emulator's code URLs). */
  landingPageLinks?: readonly HelpLink[];
}

export interface BffServer {
  /** A node:http request listener; the caller decides where it listens. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  start(): Promise<void>;
  /** Readiness fails from now on and answers ask clients to close their connections. */
  beginDrain(): void;
  /** Requests being answered right now. */
  inFlight(): number;
  stop(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
/** A 1 KB operation holds ~70 KB once parsed: some 200 of them, more than a frontend has. */
const DEFAULT_DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** A persisted query keeps only its text: 4 MiB holds a thousand operations of 2 KB. */
const PERSISTED_QUERY_CACHE_BYTES = 4 * 1024 * 1024;
const DEFAULT_SESSION_MAX_MINUTES = 60;
const NO_SIGN_IN_LINKS: SignInSettings = {
  publicApiUrl: "",
  publicToken: null,
  linkRedirectUrl: null,
  ssoRedirectUrl: null,
};
/** The configuration's defaults (CACHE_MB, CACHE_SNAPSHOT_SECONDS, CACHE_DISCOVERY_SECONDS); see README. */
export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_SNAPSHOT_LIFETIMES: SnapshotLifetimes = { snapshotMs: 60_000, discoveryMs: 60_000 };

/**
 * The BFF's request listener, composed of small pieces: probes, CORS, the GraphQL-over-HTTP adapter around
 * Apollo, and the request finisher that writes each request's log line and metrics.
 */
export function createServer(deps: ServerDeps): BffServer {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const apollo = createApollo(deps, limits);
  const contextDeps = contextDepsOf(deps);
  const routes: Routes = {
    probes: createProbes(deps.storeStatus),
    cors: { allowedOrigins: deps.corsOrigins, development: deps.development },
    crossSite: new CrossSiteNotices((origin) =>
      deps.logger.warn(
        { origin, code: CROSS_SITE_COOKIES_BLOCKED.code },
        "cross-site calls: the browser sends no session cookies from this origin, its callers are anonymous",
      ),
    ),
    graphql: createGraphQLOverHttp({
      apollo,
      createContext: (req, scope, record) => createContext(scope, req, contextDeps, record),
      bodyLimitBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
      guardDocument: createDocumentGuard(limits, !deps.production),
      logger: deps.logger,
    }),
  };
  const watch = createRequestFinisher(deps);
  let inFlight = 0;
  return {
    handle(req, res) {
      const scope = newRequestScope(deps.requestBudgetMs);
      const record = newRequestRecord();
      const target = requestTarget(req.url);
      inFlight++;
      res.setHeader("x-request-id", scope.requestId);
      if (routes.probes.draining) res.setHeader("connection", "close");
      watch(req, res, { scope, record, path: target.path }, () => inFlight--);
      route(routes, req, res, { scope, record, search: target.search }, target.path);
    },
    start: () => apollo.start(),
    beginDrain: () => routes.probes.beginDrain(),
    inFlight: () => inFlight,
    stop: () => apollo.stop(),
  };
}

interface Routes {
  probes: Probes;
  cors: CorsPolicy;
  crossSite: CrossSiteNotices;
  graphql: GraphQLOverHttp;
}

/** Probes first (no CORS, no GraphQL), then 404 for any other path, then CORS, then GraphQL. */
function route(
  routes: Routes,
  req: IncomingMessage,
  res: ServerResponse,
  exchange: GraphQLExchange,
  path: string,
) {
  const { requestId } = exchange.scope;
  if (routes.probes.answer(path, res)) return;
  if (path !== GRAPHQL_PATH) {
    return sendRequestError(res, 404, requestId, "Not found. The GraphQL endpoint is /graphql.");
  }
  if (applyCors(req, res, routes.cors) === "refused") {
    exchange.record.outcome = "refused";
    return sendRequestError(res, 403, requestId, "This origin may not call the API.", ErrorCode.FORBIDDEN);
  }
  if (req.method === "OPTIONS") {
    res.statusCode = 204;
    return void res.end();
  }
  routes.graphql(req, res, { ...exchange, warnings: crossSiteWarnings(req, res, routes) });
}

/**
 * A listed browser origin on another site: told in the answer, and once in a while in the log. Only listed
 * origins: one allowed as the same origin (Origin equal to Host) cannot be cross-site, and the client writes
 * both headers, so a stream of made-up ones would otherwise each get a log line.
 */
function crossSiteWarnings(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Pick<Routes, "cors" | "crossSite">,
) {
  const origin = req.headers.origin;
  if (!origin || !isListedOrigin(origin, routes.cors) || !isCookieCallerCrossSite(req, origin)) return [];
  const notices = routes.crossSite;
  markCrossSite(res);
  notices.note(origin);
  return [CROSS_SITE_COOKIES_BLOCKED];
}

function newRequestScope(budgetMs: number): RequestScope {
  return { requestId: randomUUID(), deadline: Date.now() + budgetMs, upstreamCalls: [] };
}

function contextDepsOf(deps: ServerDeps): ContextDeps {
  const { metrics } = deps;
  const state = deps.state ?? { store: new MemoryStateStore(), now: Date.now };
  // A shared store bounds what anonymous callers make it hold; the in-memory one is bounded in entries instead.
  const budget = state.anonymousBudget
    ? new AnonymousBudget(state.store, state.anonymousBudget, state.now)
    : null;
  const keyHash = keyedHash(deps.storeKeySecret ?? null);
  const cache = deps.cache ?? {
    store: new MemoryCacheStore(DEFAULT_CACHE_BYTES),
    lifetimes: DEFAULT_SNAPSHOT_LIFETIMES,
  };
  return {
    stytch: deps.stytch,
    jwtVerifier: deps.jwtVerifier,
    cookiePolicy: {
      names: deps.cookieNames,
      secure: !deps.development,
      sameSite: deps.cookieSameSite ?? "Lax",
      adoptFrom: stytchSdkCookies(deps),
    },
    guard: new AbuseGuard(state.store, undefined, state.now, budget, keyHash),
    signInGuard: new SignInGuard(
      state.signInStore ?? new MemoryStateStore(state.now),
      undefined,
      state.now,
      budget,
      keyHash,
    ),
    signIn: deps.signIn ?? NO_SIGN_IN_LINKS,
    knownCredentials: new KnownCredentials(state.store, state.now),
    snapshots: new SnapshotCache(cache.store, cache.lifetimes, (kind, hit) =>
      metrics.onSnapshotRead(kind, hit),
    ),
    revokedSessions: deps.revokedSessions ?? new RevokedSessions(),
    sessionMaxMinutes: deps.sessionMaxMinutes ?? DEFAULT_SESSION_MAX_MINUTES,
    trustedProxyHops: deps.trustedProxyHops ?? 0,
    onBatch: (loader: string, size: number) => metrics.onBatch(loader, size),
  };
}

function createApollo(deps: ServerDeps, limits: RequestLimits): ApolloServer<RequestContext> {
  const { logger, production } = deps;
  const documentCacheBytes = deps.documentCacheBytes ?? DEFAULT_DOCUMENT_CACHE_BYTES;
  return new ApolloServer<RequestContext>({
    schema: buildSchema(),
    // Apollo's switch also refuses __type, which GraphQL over HTTP requires; production refuses __schema below.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Production: no "Did you mean ...?" in validation errors (classifyError covers variable coercion).
    hideSchemaDetailsFromClientErrors: production,
    // Apollo's own messages go through pino (and its redaction), not the console.
    logger,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown (drain, then stop); Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    // Apollo's default store counts a document at the size of its JSON, which leaves out the source text the
    // document keeps alive: unique documents behind long comments grew the heap until the process died.
    documentStore: documentCacheBytes > 0 ? createDocumentStore(documentCacheBytes) : null,
    persistedQueries: { cache: createPersistedQueryCache(PERSISTED_QUERY_CACHE_BYTES) },
    validationRules: [oneSideEffectRule, ...(production ? [noSchemaIntrospectionRule] : [])],
    formatError: createFormatError({ hideSchemaDetails: production }),
    plugins: [
      telemetryPlugin(logger),
      // Answers are never cacheable (Cache-Control: no-store); Apollo's per-field cache hints would only cost.
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : withOfflineFallback(
            ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
            deps.landingPageLinks ?? [],
          ),
    ],
  });
}

/** Stytch's SDK cookie names to adopt, unless adoption is off or the BFF already uses those very names. */
function stytchSdkCookies(deps: ServerDeps): CookiePolicy["adoptFrom"] {
  const sdk = {
    sessionToken: DEFAULT_COOKIE_NAMES.sessionToken,
    sessionJwt: DEFAULT_COOKIE_NAMES.sessionJwt,
  };
  const same =
    deps.cookieNames.sessionToken === sdk.sessionToken || deps.cookieNames.sessionJwt === sdk.sessionJwt;
  return deps.adoptStytchSdkCookies && !same ? sdk : null;
}
