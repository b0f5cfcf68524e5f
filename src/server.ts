import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "pino";
import { createContext, type RequestContext } from "./context";
import { createFormatError } from "./errors/format-error";
import { BodyTooLargeError, readBody } from "./http/read-body";
import { sendJson, sendRequestError } from "./http/send-json";
import { runInRequestScope } from "./request-scope";
import { buildSchema } from "./schema/build-schema";
import type { StytchPort } from "./stytch/port";

export interface ServerDeps {
  port: StytchPort;
  logger: Logger;
  /** Production: no introspection, no landing page, no field suggestions. */
  production: boolean;
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

export function createServer({
  port,
  logger,
  production,
  bodyLimitBytes = DEFAULT_BODY_LIMIT,
}: ServerDeps): BffServer {
  const apollo = new ApolloServer<RequestContext>({
    schema: buildSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
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
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
      context: async () => createContext({ requestId, headers: req.headers, port }),
    });
    await writeResponse(res, response);
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
    runInRequestScope({ requestId }, () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname === GRAPHQL_PATH) {
        handleGraphQL(req, res, requestId, url).catch((error: unknown) => {
          logger.error({ requestId, err: { type: (error as Error)?.name } }, "request failed");
          if (!res.headersSent) sendRequestError(res, 500, requestId, "Internal server error.", undefined);
          else res.destroy();
        });
        return;
      }
      if (url.pathname === "/livez" || url.pathname === "/readyz")
        return sendJson(res, 200, { status: "ok" });
      sendRequestError(res, 404, requestId, "Not found. The GraphQL endpoint is /graphql.");
    });
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
