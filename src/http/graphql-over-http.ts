import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from "@apollo/server";
import type { Logger } from "pino";
import { MASKED_MESSAGE } from "../errors/classify-error";
import { ErrorCode } from "../errors/error-code";
import { stampRequestId } from "../errors/stamp-request-id";
import type { RequestRecord } from "../observability/request-record";
import type { RequestScope } from "../request-scope";
import type { ResponseWarning } from "./cross-site-request";
import { readGraphQLBody, RequestRefusal } from "./read-graphql-body";
import { addWarnings } from "./response-warnings";
import { sendRequestError } from "./send-json";

/** What the adapter needs of a request's context: the cookies its resolvers asked to set. */
export interface CookieSettingContext extends BaseContext {
  readonly caller: { readonly setCookies: readonly string[] };
}

export interface GraphQLOverHttpOptions<TContext extends CookieSettingContext> {
  apollo: ApolloServer<TContext>;
  createContext(req: IncomingMessage, scope: RequestScope, record: RequestRecord): TContext;
  bodyLimitBytes: number;
  /** Measures a document before Apollo parses it: null when it may run, else the refusal message. */
  guardDocument(query: string): string | null;
  logger: Pick<Logger, "error">;
}

/** One request to the GraphQL endpoint. */
export interface GraphQLExchange {
  scope: RequestScope;
  record: RequestRecord;
  /** The query string with its "?" ("" when there is none). */
  search: string;
  /** Advice for the caller's developer, answered as `extensions.warnings` (e.g. cookies withheld cross-site). */
  warnings?: readonly ResponseWarning[];
}

export type GraphQLOverHttp = (req: IncomingMessage, res: ServerResponse, exchange: GraphQLExchange) => void;

/**
 * GraphQL over HTTP on node:http, around Apollo: the body read and bounded, the document measured, then Apollo;
 * its answer written with the legacy-JSON status rule, `Cache-Control: no-store`, the cookies the resolvers
 * set, and the request id on every error. A failure of the adapter itself is logged and answered 500.
 */
export function createGraphQLOverHttp<TContext extends CookieSettingContext>(
  options: GraphQLOverHttpOptions<TContext>,
): GraphQLOverHttp {
  return (req, res, exchange) => {
    answer(req, res, exchange, options).catch((error: unknown) => fail(res, exchange, error, options.logger));
  };
}

async function answer<TContext extends CookieSettingContext>(
  req: IncomingMessage,
  res: ServerResponse,
  exchange: GraphQLExchange,
  options: GraphQLOverHttpOptions<TContext>,
): Promise<void> {
  const read = await readBody(req, res, exchange, options.bodyLimitBytes);
  if (!read) return;
  const query = documentOf(read.body, exchange.search);
  const refusal = query === undefined ? null : options.guardDocument(query);
  if (refusal) return refuse(res, exchange, 400, refusal);
  const context = options.createContext(req, exchange.scope, exchange.record);
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method ?? "GET",
      headers: headerMapOf(req),
      search: exchange.search,
      body: read.body,
    },
    context: async () => context,
  });
  if (context.caller.setCookies.length > 0) res.setHeader("set-cookie", context.caller.setCookies);
  await writeResponse(res, finalResponse(response, exchange));
}

/** The body for Apollo, or null once a refusal (too large, compressed, not UTF-8, not JSON) was answered. */
async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  exchange: GraphQLExchange,
  limitBytes: number,
): Promise<{ body: unknown } | null> {
  try {
    return { body: await readGraphQLBody(req, limitBytes) };
  } catch (error) {
    if (!(error instanceof RequestRefusal)) throw error;
    refuse(res, exchange, error.status, error.message);
    return null;
  }
}

function refuse(res: ServerResponse, exchange: GraphQLExchange, status: number, message: string): void {
  exchange.record.outcome = "refused";
  sendRequestError(res, status, exchange.scope.requestId, message);
}

/** The GraphQL document of a POST body or a GET query string, when there is one to measure. */
export function documentOf(body: unknown, search: string): string | undefined {
  if (body === undefined) return new URLSearchParams(search).get("query") ?? undefined;
  const query = typeof body === "object" && body !== null ? (body as { query?: unknown }).query : undefined;
  return typeof query === "string" ? query : undefined;
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/** Apollo's answer as the client gets it: status per the legacy-JSON rule, never cached, request id stamped. */
export function finalResponse(response: HTTPGraphQLResponse, exchange: GraphQLExchange): HTTPGraphQLResponse {
  const status = legacyJsonStatus(response, exchange.record.documentRejected);
  // Answers may carry tokens or set session cookies: no cache anywhere may keep them.
  response.headers.set("cache-control", "no-store");
  const { body } = response;
  if (body.kind !== "complete") return { ...response, status };
  return {
    ...response,
    status,
    body: {
      kind: "complete",
      string: addWarnings(stampRequestId(body.string, exchange.scope.requestId), exchange.warnings ?? []),
    },
  };
}

/**
 * GraphQL over HTTP: with the legacy application/json media type, a well-formed HTTP request whose document
 * fails to parse or validate is answered 200 with errors (Apollo says 400; clients that ask for
 * application/graphql-response+json still get the 400).
 */
export function legacyJsonStatus(
  response: HTTPGraphQLResponse,
  documentRejected: boolean,
): number | undefined {
  const contentType = response.headers.get("content-type");
  const legacyJson = contentType !== undefined && contentType.startsWith("application/json");
  return documentRejected && response.status === 400 && legacyJson ? 200 : response.status;
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

function fail(res: ServerResponse, exchange: GraphQLExchange, error: unknown, logger: Pick<Logger, "error">) {
  exchange.record.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
  logger.error({ requestId: exchange.scope.requestId, err: error }, "request failed");
  if (res.headersSent) return void res.destroy();
  sendRequestError(res, 500, exchange.scope.requestId, MASKED_MESSAGE, ErrorCode.INTERNAL_SERVER_ERROR);
}
