import { gzipSync } from "node:zlib";
import { startStack, type Stack } from "../support/start-stack";

interface HostileRequest {
  name: string;
  /** A request that is odd but legitimate may be answered with data; every other one must be refused. */
  harmless?: boolean;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  query?: string;
}

const json = (value: unknown): HostileRequest["body"] => JSON.stringify(value);
const post = (name: string, body: unknown, headers: Record<string, string> = {}): HostileRequest => ({
  name,
  headers: { "content-type": "application/json", ...headers },
  body: typeof body === "string" || Buffer.isBuffer(body) ? body : json(body),
});

/** At least 300 requests an attacker (or a broken client) might send. */
function corpus(token: string): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  for (const depth of [13, 20, 50, 100, 200, 500]) {
    let selection = "name";
    for (let i = 0; i < depth; i++) selection = `fields { type { ${selection} } }`;
    requests.push(post(`depth ${depth}`, { query: `{ __type(name: "Query") { ${selection} } }` }));
  }
  for (const count of [31, 100, 1000, 5000]) {
    requests.push(
      post(`${count} aliased __typename`, {
        query: `{ ${range(count)
          .map((i) => `a${i}: __typename`)
          .join(" ")} }`,
      }),
    );
    requests.push(
      post(
        `${count} aliased viewer`,
        {
          query: `{ ${range(count)
            .map((i) => `v${i}: viewer { member { id } }`)
            .join(" ")} }`,
        },
        { authorization: `Bearer ${token}` },
      ),
    );
  }
  for (const count of [2000, 5000, 20000]) {
    requests.push(post(`${count} duplicated fields`, { query: `{ ${"__typename ".repeat(count)} }` }));
    requests.push(
      post(`${count} duplicated nested fields`, {
        query: `{ viewer { session { ${"id ".repeat(count)} } } }`,
      }),
    );
  }
  for (const count of [21, 100, 1000]) {
    requests.push(
      post(`${count} directives`, { query: `{ __typename ${"@include(if: true) ".repeat(count)} }` }),
    );
    requests.push(
      post(`${count} unknown directives`, { query: `{ __typename ${"@bogus ".repeat(count)} }` }),
    );
  }
  for (const levels of [11, 20, 30, 40]) {
    const fragments = range(levels).map((i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`);
    requests.push(
      post(`fragment bomb x2^${levels}`, {
        query: `{ ...F${levels} } fragment F0 on Query { __typename } ${fragments.join(" ")}`,
      }),
    );
  }
  requests.push(
    post("fragment cycle", { query: `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }` }),
  );
  requests.push(
    post("self-referencing fragment", { query: `{ ...A } fragment A on Query { __typename ...A }` }),
  );
  requests.push(
    post("long fragment chain cycle", {
      query: `{ ...F0 } ${range(50)
        .map((i) => `fragment F${i} on Query { ...F${(i + 1) % 50} }`)
        .join(" ")}`,
    }),
  );
  for (const count of [2, 10, 100]) {
    requests.push(
      post(
        `aliased exchangeSession x${count}`,
        {
          query: `mutation { ${range(count)
            .map((i) => `e${i}: exchangeSession(orgId: "globex") { __typename }`)
            .join(" ")} }`,
        },
        { authorization: `Bearer ${token}` },
      ),
    );
    requests.push(
      post(
        `exchangeSession x${count} via fragments`,
        {
          query: `mutation { ...M } fragment M on Mutation { ${range(count)
            .map((i) => `e${i}: exchangeSession(orgId: "globex") { __typename }`)
            .join(" ")} }`,
        },
        { authorization: `Bearer ${token}` },
      ),
    );
  }
  for (const size of [65 * 1024, 512 * 1024, 4 * 1024 * 1024]) {
    requests.push(
      post(`body of ${size} bytes`, { query: `{ __typename }`, variables: { pad: "x".repeat(size) } }),
    );
  }
  requests.push(
    post("1 MB string literal", { query: `{ __type(name: "${"x".repeat(1024 * 1024)}") { name } }` }),
  );
  for (const encoding of ["gzip", "deflate", "br", "x-unknown"]) {
    requests.push(
      post(`content-encoding ${encoding}`, gzipSync(json({ query: "{ __typename }" })!), {
        "content-encoding": encoding,
      }),
    );
  }
  requests.push(post("gzip bomb", gzipSync(Buffer.alloc(10 * 1024 * 1024)), { "content-encoding": "gzip" }));
  const valid = json({ query: "{ __typename }" }) as string;
  for (let cut = 1; cut < valid.length; cut += 2)
    requests.push(post(`truncated JSON at ${cut}`, valid.slice(0, cut)));
  for (const bytes of [
    [0xff],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xf0, 0x28, 0x8c, 0xbc],
    [0xed, 0xa0, 0x80],
    [0xc0, 0xaf],
  ]) {
    requests.push(
      post(
        `invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(" ")}`,
        Buffer.concat([
          Buffer.from('{"query":"{ __typename }","x":"'),
          Buffer.from(bytes),
          Buffer.from('"}'),
        ]),
      ),
    );
  }
  for (const contentType of [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/graphql",
    "",
    "application/jsonx",
    "text/html",
    "*/*",
    "application/octet-stream",
  ]) {
    requests.push({
      name: `content type "${contentType}"`,
      headers: contentType ? { "content-type": contentType } : {},
      body: valid,
    });
  }
  for (const charset of ["latin1", "iso-8859-1", "utf-16", "utf-32", "ascii", '"utf-7"', "x"]) {
    requests.push(
      post(`charset ${charset}`, valid, { "content-type": `application/json; charset=${charset}` }),
    );
  }
  for (const query of [
    'mutation { exchangeSession(orgId: "globex") { __typename } }',
    "mutation { signOut }",
  ]) {
    requests.push({
      name: `GET ${query}`,
      method: "GET",
      query: `?query=${encodeURIComponent(query)}`,
      headers: { "apollo-require-preflight": "1", authorization: `Bearer ${token}` },
    });
  }
  requests.push({
    name: "GET without preflight header",
    method: "GET",
    query: `?query=${encodeURIComponent("{ __typename }")}`,
  });
  requests.push({
    name: "GET with broken variables",
    method: "GET",
    query: `?query=${encodeURIComponent("{ __typename }")}&variables=%7B`,
    headers: { "apollo-require-preflight": "1" },
  });
  for (const method of ["PUT", "DELETE", "PATCH"])
    requests.push({
      name: `${method}`,
      method,
      headers: { "content-type": "application/json" },
      body: valid,
    });
  for (const batch of [
    [],
    [{ query: "{ __typename }" }],
    [{ query: "{ __typename }" }, { query: "{ __typename }" }],
    Array.from({ length: 1000 }, () => ({ query: "{ __typename }" })),
  ]) {
    requests.push(post(`batched array of ${batch.length}`, batch));
  }
  const wrongTypes: Array<[string, unknown]> = [
    ["query number", { query: 1 }],
    ["query array", { query: ["{ __typename }"] }],
    ["query object", { query: {} }],
    ["query null", { query: null }],
    ["query boolean", { query: true }],
    ["query empty", { query: "" }],
    ["no query", {}],
    ["variables string", { query: "{ __typename }", variables: "{}" }],
    ["variables array", { query: "{ __typename }", variables: [1] }],
    ["variables number", { query: "{ __typename }", variables: 5 }],
    ["operationName number", { query: "{ __typename }", operationName: 5 }],
    ["operationName object", { query: "{ __typename }", operationName: {} }],
    ["operationName unknown", { query: "query A { __typename }", operationName: "B" }],
    ["extensions string", { query: "{ __typename }", extensions: "x" }],
    ["extensions array", { query: "{ __typename }", extensions: [] }],
    ["body string", '"{ __typename }"'],
    ["body number", "42"],
    ["body null", "null"],
    ["body true", "true"],
    ["two operations no name", { query: "query A { __typename } query B { __typename }" }],
    ["persisted query hash", { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }],
    [
      "variables of wrong type",
      {
        query: "mutation ($o: ID!) { exchangeSession(orgId: $o) { __typename } }",
        variables: { o: { nested: true } },
      },
    ],
    [
      "missing required variable",
      { query: "mutation ($o: ID!) { exchangeSession(orgId: $o) { __typename } }", variables: {} },
    ],
    ["deep JSON top level", "[".repeat(30000) + "]".repeat(30000)],
    ["JSON with trailing garbage", valid + "xyz"],
    ["JSON with comments", "/* x */" + valid],
  ];
  for (const [name, body] of wrongTypes) requests.push(post(name, body));
  // Odd but legitimate: answered with data, and nothing leaks or breaks.
  for (const [name, body] of [
    [
      "huge variables object",
      { query: "{ __typename }", variables: Object.fromEntries(range(3000).map((i) => [`v${i}`, i])) },
    ],
    [
      "deep JSON variables",
      '{"query":"{ __typename }","variables":{"a":' + "[".repeat(20000) + "]".repeat(20000) + "}}",
    ],
    ["JSON with BOM", "\ufeff" + valid],
    ["duplicate keys", '{"query":"{ __typename }","query":"{ __typename }"}'],
    [
      "proto pollution",
      '{"query":"{ __typename }","__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
    ],
    ["inline fragment", { query: "{ ...on Query { __typename } }" }],
    ["directive on inline fragment", { query: "{ ... @include(if: true) { __typename } }" }],
    ["__type lookup", { query: '{ __type(name: "Viewer") { fields { name } } }' }],
    ["repeated identical root fields", { query: "{ " + "viewer { session { id } } ".repeat(40) + "}" }],
  ] as Array<[string, unknown]>) {
    requests.push({ ...post(name, body), harmless: true });
  }
  const documents = [
    "{",
    "}",
    "{ viewer { ",
    "query { __typename",
    "{ __typename } }",
    "mutation",
    "subscription { x }",
    "{ unknownField }",
    "{ viewer { nope } }",
    "{ viewer { member } }",
    'query ($a: Int = "x") { __typename }',
    "{ __typename(arg: 1) }",
    "\u0000{ __typename }",
    "{ __typename \u0007 }",
    '{ exchangeSession(orgId: "x") { __typename } }',
    "mutation { exchangeSession { __typename } }",
    "mutation { exchangeSession(orgId: 5) { __typename } }",
    'mutation { completeMfa(orgId: "o", memberId: "m", method: BOGUS, code: "1") { __typename } }',
    '{ viewer @skip(if: "yes") { session { id } } }',
    "fragment F on Nope { x } { ...F }",
    "# only a comment",
    "   ",
    "{ __schema { types { name } } }",
    "{ a: __typename a: viewer { session { id } } }",
    "query A { __typename } mutation A { signOut }",
  ];
  for (const document of documents)
    requests.push(post(`document ${JSON.stringify(document).slice(0, 60)}`, { query: document }));
  // Headers are odd, not harmful: an unusable credential is no credential, so viewer is null (200, no error).
  for (const header of <Record<string, string>[]>[
    { authorization: "Bearer " + "a".repeat(100_000) },
    { authorization: "Basic Zm9vOmJhcg==" },
    { authorization: "Bearer a.b" },
    { authorization: "Bearer \u00ff" },
    { cookie: "stytch_session=" + "x".repeat(50_000) },
    { cookie: Array.from({ length: 500 }, (_, i) => `c${i}=v`).join("; ") },
    { cookie: "stytch_session_jwt=a.b.c; stytch_session=%%%" },
    { origin: "null" },
    { origin: "https://evil.example" },
    { "x-forwarded-for": "1.1.1.1" },
  ]) {
    requests.push({
      ...post(
        `header ${Object.keys(header)[0]} ${Object.values(header)[0].slice(0, 30)}`,
        { query: "{ viewer { session { id } } }" },
        header,
      ),
      harmless: true,
    });
  }
  for (const path of [
    "/",
    "/graphql/",
    "/GRAPHQL",
    "/graphql%00",
    "/../etc/passwd",
    "/graphql?query={__typename}",
    "/metrics/x",
    "/__emulator/reset",
  ]) {
    requests.push({
      name: `path ${path}`,
      // The query string of a POST is ignored: the body's `{ __typename }` runs.
      harmless: path.startsWith("/graphql?"),
      method: "POST",
      query: path,
      headers: { "content-type": "application/json" },
      body: valid,
    });
  }
  // Repeat every refusal family with small variations until the corpus passes 300 distinct requests.
  for (let i = 0; requests.length < 320; i++) {
    requests.push(
      post(`alias bomb variant ${i}`, {
        query: `{ ${range(40 + i)
          .map((j) => `x${j}: __typename`)
          .join(" ")} }`,
      }),
    );
    requests.push(post(`unknown field variant ${i}`, { query: `{ field${i} }` }));
  }
  return requests;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ production: true });
});
afterAll(() => stack.stop());

async function send(request: HostileRequest): Promise<{ status: number; contentType: string; text: string }> {
  const base = stack.url.replace(/\/graphql$/, "");
  const path = request.query?.startsWith("/") ? request.query : `/graphql${request.query ?? ""}`;
  const response = await fetch(base + path, {
    method: request.method ?? "POST",
    headers: request.headers,
    body: request.body,
    // A hang is a failure; on a busy machine a slow answer is not, so the allowance is generous.
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

describe("a hostile corpus (production mode)", () => {
  it("is answered with a 4xx or a 200 with errors, in JSON, never a 5xx, a reset or a hang; the server stays up", async () => {
    const requests = corpus(stack.emulator.demoSessions.ada.sessionToken);
    expect(requests.length).toBeGreaterThanOrEqual(300);
    stack.emulator.clearRequestLog();
    const failures: string[] = [];
    for (const request of requests) {
      let verdict = "";
      const callsBefore = stack.emulator.requestLog().length;
      try {
        const { status, contentType, text } = await send(request);
        if (status >= 500) verdict = `status ${status}`;
        else if (!/json/.test(contentType)) verdict = `content type ${contentType}`;
        else if (status === 200 && !JSON.parse(text).errors && !request.harmless)
          verdict = "200 without errors";
      } catch (error) {
        verdict = `no answer: ${(error as Error).message}`;
      }
      const canary = await send({
        name: "canary",
        headers: { "content-type": "application/json" },
        body: json({ query: "{ __typename }" }),
      });
      if (
        canary.text !== '{"data":{"__typename":"Query"}}\n' &&
        canary.text !== '{"data":{"__typename":"Query"}}'
      ) {
        verdict += ` canary failed: ${canary.status} ${canary.text.slice(0, 100)}`;
      }
      if (!request.harmless && stack.emulator.requestLog().length > callsBefore) verdict += " reached Stytch";
      if (verdict) failures.push(`${request.name}: ${verdict}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
