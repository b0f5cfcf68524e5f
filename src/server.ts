import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "pino";
import type { CookiePolicy } from "./auth/cookies";
import type { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { createContext, type RequestContext } from "./context";
import { ErrorCode } from "./errors/error-code";
import { createFormatError } from "./errors/format-error";
import { applyCors } from "./http/cors";
import { BodyTooLargeError, readBody } from "./http/read-body";
import { sendJson, sendRequestError } from "./http/send-json";
import { runInRequestScope } from "./request-scope";
import { buildSchema } from "./schema/build-schema";
import type { StytchPort } from "./stytch/port";
import { singleExchangeRule } from "./validation/single-exchange-rule";

export interface ServerDeps {
  port: StytchPort;
  jwtVerifier: SessionJwtVerifier;
  logger: Logger;
  /** Production: no introspection, no landing page, no field suggestions, Secure cookies. */
  production: boolean;
  /** Development: cookies without Secure (plain http://localhost) and Apollo Sandbox allowed as an origin. */
  development: boolean;
  corsOrigins: readonly string[];
  cookieNames: CookiePolicy["names"];
  bodyLimitBytes?: number;
}

export interface BffServer {
  /** A node:http request listener; the caller decides where it listens. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const GRAPHQL_PATH = "/graphql";
const DEFAULT_BODY_LIMIT = 64 * 1024;

export function createServer(deps: ServerDeps): BffServer {
  const { logger, production, development } = deps;
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const contextDeps = {
    port: deps.port,
    jwtVerifier: deps.jwtVerifier,
    cookiePolicy: { names: deps.cookieNames, secure: !development },
  };
  const corsPolicy = { allowedOrigins: deps.corsOrigins, development };

  const apollo = new ApolloServer<RequestContext>({
    schema: buildSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown (drain, then stop); Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    validationRules: [singleExchangeRule],
    formatError: createFormatError({ hideSuggestions: production, logger }),
    plugins: [
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
    ],
  });

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string, url: URL) {
    let body: unknown;
    try {
      body = await readJsonBody(req, bodyLimitBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendRequestError(res, 413, requestId, "Request body too large.");
      return sendRequestError(res, 400, requestId, "Request body is not valid JSON.");
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const context = createContext(requestId, req.headers, contextDeps);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
      context: async () => context,
    });
    // Answers may carry tokens or set session cookies: no cache anywhere may keep them.
    response.headers.set("cache-control", "no-store");
    if (context.caller.setCookies.length > 0) res.setHeader("set-cookie", context.caller.setCookies);
    await writeResponse(res, response);
  }

  function route(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/livez" || url.pathname === "/readyz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname !== GRAPHQL_PATH) {
      return sendRequestError(res, 404, requestId, "Not found. The GraphQL endpoint is /graphql.");
    }
    if (applyCors(req, res, corsPolicy) === "refused") {
      return sendRequestError(res, 403, requestId, "This origin may not call the API.", ErrorCode.FORBIDDEN);
    }
    if (req.method === "OPTIONS") {
      res.statusCode = 204;
      res.end();
      return;
    }
    handleGraphQL(req, res, requestId, url).catch((error: unknown) => {
      logger.error({ requestId, err: { type: (error as Error)?.name } }, "request failed");
      if (!res.headersSent)
        sendRequestError(res, 500, requestId, "Internal server error.", ErrorCode.INTERNAL_SERVER_ERROR);
      else res.destroy();
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestId = randomUUID();
    const started = performance.now();
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      logger.info(
        {
          requestId,
          method: req.method,
          path: req.url?.split("?")[0],
          status: res.statusCode,
          durationMs: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    runInRequestScope({ requestId }, () => route(req, res, requestId));
  }

  return {
    handle,
    start: () => apollo.start(),
    stop: () => apollo.stop(),
  };
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const text = await readBody(req, limit);
  const contentType = req.headers["content-type"] ?? "";
  // Apollo decides what to do with other content types (CSRF prevention refuses them); JSON is parsed here.
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType)) return text;
  return JSON.parse(text);
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
