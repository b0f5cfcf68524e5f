import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "pino";
import type { CookiePolicy } from "./auth/cookies";
import type { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { RevokedSessions } from "./auth/revoked-sessions";
import { createContext, type ContextDeps, type RequestContext } from "./context";
import { AbuseGuard } from "./throttle/abuse-guard";
import { MemoryStateStore } from "./throttle/state-store";
import { ErrorCode } from "./errors/error-code";
import { createFormatError } from "./errors/format-error";
import { createDocumentStore } from "./cache/document-store";
import { createPersistedQueryCache } from "./cache/persisted-query-cache";
import { applyCors } from "./http/cors";
import { readGraphQLBody, RequestRefusal } from "./http/read-graphql-body";
import { sendJson, sendRequestError } from "./http/send-json";
import type { Metrics } from "./observability/metrics";
import { newRequestRecord, type RequestRecord } from "./observability/request-record";
import { telemetryPlugin } from "./observability/telemetry-plugin";
import type { RequestScope } from "./request-scope";
import { buildSchema } from "./schema/build-schema";
import type { RequestBoundPort } from "./stytch/port";
import { createDocumentGuard, DEFAULT_LIMITS, type RequestLimits } from "./validation/request-limits";
import { noSchemaIntrospectionRule } from "./validation/no-schema-introspection-rule";
import { oneSideEffectRule } from "./validation/one-side-effect-rule";

export interface ServerDeps {
  port: RequestBoundPort;
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
  /** All Stytch calls of one request must be done within this budget. */
  requestBudgetMs: number;
  /** SMS and code-check throttles; default: in this process's memory. */
  guard?: AbuseGuard;
  revokedSessions?: RevokedSessions;
  /** The longest session a client may get (default 60 minutes, Stytch's own default). */
  sessionMaxMinutes?: number;
  /** Reverse proxies in front that append to X-Forwarded-For (default 0). */
  trustedProxyHops?: number;
  bodyLimitBytes?: number;
  limits?: RequestLimits;
  /** Apollo's cache of parsed, validated documents, in the bytes they hold (default 16 MiB; 0: none). */
  documentCacheBytes?: number;
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

const GRAPHQL_PATH = "/graphql";
const PROBE_PATHS = new Set(["/livez", "/readyz"]);
const DEFAULT_BODY_LIMIT = 64 * 1024;
/** A 1 KB operation holds ~70 KB once parsed: some 200 of them, more than a frontend has. */
const DEFAULT_DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** A persisted query keeps only its text: 4 MiB holds a thousand operations of 2 KB. */
const PERSISTED_QUERY_CACHE_BYTES = 4 * 1024 * 1024;
const DEFAULT_SESSION_MAX_MINUTES = 60;

export function createServer(deps: ServerDeps): BffServer {
  const { logger, production, development, metrics } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const contextDeps: ContextDeps = {
    port: deps.port,
    jwtVerifier: deps.jwtVerifier,
    cookiePolicy: { names: deps.cookieNames, secure: !development, sameSite: deps.cookieSameSite ?? "Lax" },
    guard: deps.guard ?? new AbuseGuard(new MemoryStateStore()),
    revokedSessions: deps.revokedSessions ?? new RevokedSessions(),
    sessionMaxMinutes: deps.sessionMaxMinutes ?? DEFAULT_SESSION_MAX_MINUTES,
    trustedProxyHops: deps.trustedProxyHops ?? 0,
    onBatch: (loader: string, size: number) => metrics.onBatch(loader, size),
  };
  const corsPolicy = { allowedOrigins: deps.corsOrigins, development };
  const guardDocument = createDocumentGuard(limits, !production);
  const documentCacheBytes = deps.documentCacheBytes ?? DEFAULT_DOCUMENT_CACHE_BYTES;
  let draining = false;
  let inFlight = 0;

  const apollo = new ApolloServer<RequestContext>({
    schema: buildSchema(),
    // Apollo's switch also refuses __type, which GraphQL over HTTP requires; production refuses __schema below.
    introspection: true,
    includeStacktraceInErrorResponses: false,
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
    formatError: createFormatError({ hideSuggestions: production }),
    plugins: [
      telemetryPlugin(logger),
      // Answers are never cacheable (Cache-Control: no-store); Apollo's per-field cache hints would only cost.
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
    ],
  });

  async function handleGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    scope: RequestScope,
    record: RequestRecord,
    search: string,
  ) {
    let body: unknown;
    try {
      body = await readGraphQLBody(req, bodyLimitBytes);
    } catch (error) {
      if (!(error instanceof RequestRefusal)) throw error;
      record.outcome = "refused";
      return sendRequestError(res, error.status, scope.requestId, error.message);
    }
    const query = documentOf(body, search);
    const refusal = query === undefined ? null : guardDocument(query);
    if (refusal) {
      record.outcome = "refused";
      return sendRequestError(res, 400, scope.requestId, refusal);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const context = createContext(scope, req, contextDeps, record);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search, body },
      context: async () => context,
    });
    // GraphQL over HTTP: with the legacy application/json media type, a well-formed HTTP request whose
    // document fails to parse or validate is answered 200 with errors (Apollo says 400; clients that ask for
    // application/graphql-response+json still get the 400).
    if (
      record.documentRejected &&
      response.status === 400 &&
      isLegacyJson(response.headers.get("content-type"))
    ) {
      response.status = 200;
    }
    // Answers may carry tokens or set session cookies: no cache anywhere may keep them.
    response.headers.set("cache-control", "no-store");
    if (context.caller.setCookies.length > 0) res.setHeader("set-cookie", context.caller.setCookies);
    await writeResponse(res, withRequestId(response, scope.requestId));
  }

  function route(
    req: IncomingMessage,
    res: ServerResponse,
    scope: RequestScope,
    record: RequestRecord,
    target: RequestTarget,
  ): void {
    const { path, search } = target;
    if (path === "/livez") return sendJson(res, 200, { status: "ok" });
    // Readiness never asks Stytch: an upstream outage must not take every replica out of rotation.
    if (path === "/readyz")
      return sendJson(res, draining ? 503 : 200, { status: draining ? "draining" : "ok" });
    if (path !== GRAPHQL_PATH) {
      return sendRequestError(res, 404, scope.requestId, "Not found. The GraphQL endpoint is /graphql.");
    }
    if (applyCors(req, res, corsPolicy) === "refused") {
      record.outcome = "refused";
      return sendRequestError(
        res,
        403,
        scope.requestId,
        "This origin may not call the API.",
        ErrorCode.FORBIDDEN,
      );
    }
    if (req.method === "OPTIONS") {
      res.statusCode = 204;
      res.end();
      return;
    }
    handleGraphQL(req, res, scope, record, search).catch((error: unknown) => {
      record.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
      logger.error({ requestId: scope.requestId, err: error }, "request failed");
      if (!res.headersSent) {
        sendRequestError(
          res,
          500,
          scope.requestId,
          "Internal server error.",
          ErrorCode.INTERNAL_SERVER_ERROR,
        );
      } else {
        res.destroy();
      }
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const scope: RequestScope = {
      requestId: randomUUID(),
      deadline: Date.now() + deps.requestBudgetMs,
      upstreamCalls: [],
    };
    const record = newRequestRecord();
    const target = requestTarget(req.url);
    inFlight++;
    res.setHeader("x-request-id", scope.requestId);
    if (draining) res.setHeader("connection", "close");
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      const durationMs = performance.now() - started;
      if (record.operation !== "none" || record.outcome !== "ok")
        metrics.onRequest(record.operation, record.outcome, durationMs);
      // Probes and scrapes arrive every few seconds: at debug level, so they do not drown the request log.
      const level = PROBE_PATHS.has(target.path) ? "debug" : "info";
      logger[level](
        {
          requestId: scope.requestId,
          method: req.method,
          route: routeOf(target.path),
          operation: record.operation,
          outcome: record.outcome,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          upstreamCalls: scope.upstreamCalls.length,
          upstream: scope.upstreamCalls,
          aborted: !res.writableFinished,
        },
        "request",
      );
    };
    res.on("finish", finish);
    res.on("close", finish);
    route(req, res, scope, record, target);
  }

  return {
    handle,
    start: () => apollo.start(),
    beginDrain() {
      draining = true;
    },
    inFlight: () => inFlight,
    stop: () => apollo.stop(),
  };
}

interface RequestTarget {
  path: string;
  /** The query string with its "?", as Apollo wants it. */
  search: string;
}

/** Split once per request; cheaper than a WHATWG URL parse. */
function requestTarget(url = "/"): RequestTarget {
  const start = url.indexOf("?");
  if (start < 0) return { path: url, search: "" };
  const fragment = url.indexOf("#", start);
  return { path: url.slice(0, start), search: url.slice(start, fragment < 0 ? undefined : fragment) };
}

/** The path as logged: one of a closed set, never what a client typed (which may hold a token, or junk). */
function routeOf(path: string): string {
  return path === GRAPHQL_PATH || PROBE_PATHS.has(path) ? path : "other";
}

/** The GraphQL document of a POST body or a GET query string, when there is one to measure. */
function documentOf(body: unknown, search: string): string | undefined {
  if (body === undefined) return new URLSearchParams(search).get("query") ?? undefined;
  const query = typeof body === "object" && body !== null ? (body as { query?: unknown }).query : undefined;
  return typeof query === "string" ? query : undefined;
}

/**
 * Apollo answers some refusals (CSRF, GET mutations, malformed requests) before any plugin runs; their
 * errors get the request id here. Pipeline errors already carry it (telemetry plugin).
 */
function withRequestId(response: HTTPGraphQLResponse, requestId: string): HTTPGraphQLResponse {
  const { body } = response;
  if ((response.status ?? 200) < 400 || body.kind !== "complete" || body.string.includes('"requestId"'))
    return response;
  try {
    const parsed = JSON.parse(body.string) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    if (!parsed.errors) return response;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    return { ...response, body: { kind: "complete", string: JSON.stringify(parsed) } };
  } catch {
    return response;
  }
}

function isLegacyJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.startsWith("application/json");
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
