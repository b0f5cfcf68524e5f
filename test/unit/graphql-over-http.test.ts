import { createHash } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { createFormatError } from "../../src/errors/format-error";
import {
  createGraphQLOverHttp,
  documentOf,
  legacyJsonStatus,
  type CookieSettingContext,
} from "../../src/http/graphql-over-http";
import { createLogger } from "../../src/logger";
import { newRequestRecord, type RequestRecord } from "../../src/observability/request-record";
import { telemetryPlugin, type TelemetryContext } from "../../src/observability/telemetry-plugin";
import { listenOnPort0, type LocalServer } from "./listen-on-port-0";

type Context = CookieSettingContext & TelemetryContext & { caller: { setCookies: string[] } };

const typeDefs = `#graphql
  enum Method { SMS_OTP TOTP }
  type Query { hello: String  boom: String  cookie: String  method(m: Method): String }
  type Mutation { noop: Boolean }
`;
const resolvers = {
  Query: {
    hello: () => "world",
    boom: () => {
      throw new Error("upstream said: secret-canary");
    },
    cookie: (_: unknown, __: unknown, context: Context) => {
      context.caller.setCookies.push("a=1; HttpOnly", "b=2; HttpOnly");
      return "set";
    },
    method: (_: unknown, args: { m: string }) => args.m,
  },
};

/** One adapter around a small real Apollo, configured as the BFF configures its own (production). */
describe("GraphQL over HTTP adapter", () => {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  const apollo = new ApolloServer<Context>({
    typeDefs,
    resolvers,
    logger,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: true,
    formatError: createFormatError({ hideSchemaDetails: true }),
    plugins: [telemetryPlugin(logger)],
  });
  let records: RequestRecord[] = [];
  let failContext = false;
  const graphql = createGraphQLOverHttp<Context>({
    apollo,
    createContext: (_req, scope, record) => {
      if (failContext) throw new Error("context failed: secret-canary");
      return { requestId: scope.requestId, record, caller: { setCookies: [] } };
    },
    bodyLimitBytes: 1024,
    guardDocument: (query) => (query.includes("tooBig") ? "The operation is too complex." : null),
    logger,
  });
  let server: LocalServer;
  let sequence = 0;

  beforeAll(async () => {
    await apollo.start();
    server = await listenOnPort0((req, res) => {
      const record = newRequestRecord();
      records.push(record);
      const requestId = `request-${++sequence}`;
      const url = req.url ?? "/";
      const search = url.includes("?") ? url.slice(url.indexOf("?")) : "";
      graphql(req, res, {
        scope: { requestId, deadline: Date.now() + 1000, upstreamCalls: [] },
        record,
        search,
      });
    });
  });
  afterAll(async () => {
    await server.close();
    await apollo.stop();
  });
  beforeEach(() => {
    lines.length = 0;
    records = [];
    failContext = false;
  });

  async function send(init: RequestInit & { path?: string; json?: unknown }) {
    const headers = { "content-type": "application/json", ...(init.headers as Record<string, string>) };
    const body = init.json === undefined ? init.body : JSON.stringify(init.json);
    const response = await fetch(server.url + (init.path ?? "/graphql"), {
      method: "POST",
      ...init,
      headers,
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: JSON.parse(text),
      record: records[0],
    };
  }
  const logged = () => lines.map((line) => JSON.parse(line));
  const requestId = () => `request-${sequence}`;

  it("answers a query with no-store and no request id to add", async () => {
    const answer = await send({ json: { query: "{ hello }" } });
    expect(answer).toMatchObject({ status: 200, body: { data: { hello: "world" } } });
    expect(answer.text).toBe('{"data":{"hello":"world"}}\n');
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("sends the cookies the resolvers set", async () => {
    const answer = await send({ json: { query: "{ cookie }" } });
    expect(answer.headers.getSetCookie()).toEqual(["a=1; HttpOnly", "b=2; HttpOnly"]);
  });

  it("answers a document that fails to validate 200 in legacy JSON, 400 to graphql-response+json clients", async () => {
    const legacy = await send({ json: { query: "{ helo }" } });
    expect(legacy.status).toBe(200);
    expect(legacy.record.documentRejected).toBe(true);
    // Production: no "Did you mean "hello"?" (Apollo's hideSchemaDetailsFromClientErrors).
    expect(legacy.body.errors).toEqual([
      {
        message: 'Cannot query field "helo" on type "Query".',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: "BAD_USER_INPUT", requestId: requestId() },
      },
    ]);
    const modern = await send({
      json: { query: "{ helo" },
      headers: { accept: "application/graphql-response+json" },
    });
    expect(modern.status).toBe(400);
    expect(modern.body.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", requestId: requestId() });
  });

  it("hides graphql-js's hints in variable coercion errors too", async () => {
    const answer = await send({
      json: { query: "query($m: Method) { method(m: $m) }", variables: { m: "TOTPX" } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe(
      'Variable "$m" got invalid value "TOTPX"; Value "TOTPX" does not exist in "Method" enum.',
    );
  });

  it.each([
    ["a CSRF refusal", { body: "{ hello }", headers: { "content-type": "text/plain" } }, 400],
    [
      "a GET mutation",
      {
        method: "GET",
        path: "/graphql?query=mutation%7Bnoop%7D",
        headers: { "x-apollo-operation-name": "x" },
      },
      405,
    ],
    ["a malformed request", { json: { query: 1 } }, 400],
    ["a batch", { json: [{ query: "{ hello }" }] }, 400],
  ])("stamps the request id on Apollo's early refusals: %s", async (_name, init, status) => {
    const answer = await send(init as RequestInit);
    expect(answer.status).toBe(status);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", requestId: requestId() });
    expect(logged().filter((line) => line.level >= 50)).toEqual([]);
  });

  it("masks an unexpected error, logs it once with the request id, and sets the outcome", async () => {
    const answer = await send({ json: { query: "{ hello boom }" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Internal server error.",
          path: ["boom"],
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: requestId() },
        },
      ],
      data: { hello: "world", boom: null },
    });
    expect(answer.text).not.toContain("secret-canary");
    const errors = logged().filter((line) => line.msg === "unexpected error masked");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId: requestId(),
      err: { message: "upstream said: secret-canary" },
    });
    expect(answer.record).toMatchObject({ operation: "query:boom,hello", outcome: "INTERNAL_SERVER_ERROR" });
  });

  it("answers a persisted query whose hash does not match 400 BAD_USER_INPUT, not logged as unexpected", async () => {
    const persistedQuery = { version: 1, sha256Hash: "0".repeat(64) };
    const answer = await send({ json: { query: "{ hello }", extensions: { persistedQuery } } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", requestId: requestId() });
    expect(answer.record.outcome).toBe("BAD_USER_INPUT");
    expect(logged().filter((line) => line.level >= 50)).toEqual([]);
    const hash = createHash("sha256").update("{ hello }").digest("hex");
    const registered = await send({
      json: { query: "{ hello }", extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
    });
    expect(registered.body).toEqual({ data: { hello: "world" } });
  });

  it.each([
    [
      "too large",
      { body: JSON.stringify({ query: `{ hello ${" ".repeat(2000)}}` }) },
      413,
      "Request body too large.",
    ],
    ["not JSON", { body: "{nope" }, 400, "Request body is not valid JSON."],
    ["over a document limit", { json: { query: "{ tooBig: hello }" } }, 400, "The operation is too complex."],
    [
      "a GET over a document limit",
      { method: "GET", path: "/graphql?query=%7BtooBig%3Ahello%7D" },
      400,
      "The operation is too complex.",
    ],
  ])("refuses a request %s before Apollo, in the same error shape", async (_name, init, status, message) => {
    const answer = await send(init as RequestInit);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      errors: [{ message, extensions: { code: "BAD_USER_INPUT", requestId: requestId() } }],
    });
    expect(answer.record.outcome).toBe("refused");
  });

  it("answers 500, masked, when the adapter itself fails, and logs why", async () => {
    failContext = true;
    const answer = await send({ json: { query: "{ hello }" } });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Internal server error.",
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: requestId() },
        },
      ],
    });
    expect(answer.record.outcome).toBe("INTERNAL_SERVER_ERROR");
    expect(logged()).toEqual([
      expect.objectContaining({
        msg: "request failed",
        requestId: requestId(),
        err: expect.objectContaining({ message: "context failed: secret-canary" }),
      }),
    ]);
  });
});

describe("legacyJsonStatus", () => {
  const response = (status: number | undefined, contentType: string) => ({
    status,
    headers: new HeaderMap([["content-type", contentType]]),
    body: { kind: "complete" as const, string: "" },
  });
  it.each([
    [true, 400, "application/json; charset=utf-8", 200],
    [true, 400, "application/graphql-response+json; charset=utf-8", 400],
    [false, 400, "application/json; charset=utf-8", 400],
    [true, 405, "application/json; charset=utf-8", 405],
    [true, undefined, "application/json; charset=utf-8", undefined],
  ])("document rejected %s, status %s, %s: %s", (rejected, status, contentType, expected) => {
    expect(legacyJsonStatus(response(status, contentType), rejected)).toBe(expected);
  });
});

describe("documentOf", () => {
  it("finds the document of a POST body or a GET query string, when there is one", () => {
    expect(documentOf({ query: "{ a }" }, "")).toBe("{ a }");
    expect(documentOf({ query: 1 }, "")).toBeUndefined();
    expect(documentOf("text", "")).toBeUndefined();
    expect(documentOf(null, "")).toBeUndefined();
    expect(documentOf(undefined, "?query=%7B%20a%20%7D")).toBe("{ a }");
    expect(documentOf(undefined, "")).toBeUndefined();
  });
});
