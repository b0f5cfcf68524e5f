import { request as httpRequest } from "node:http";

/** An answer read to its end. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The text parsed as JSON; undefined when it is not JSON (a test that needs JSON asserts on it). */
  json: any;
}

export interface PostOptions {
  /** Sent as `Authorization: Bearer <bearer>`. */
  bearer?: string;
  /** Sent as the `Cookie` header, as is (several cookies: `a=1; b=2`). */
  cookie?: string;
  /** More headers; `content-type` defaults to application/json. */
  headers?: Record<string, string>;
  /** Rejects after this long, so that a hang fails the request rather than the whole test by its timeout. */
  timeoutMs?: number;
}

/**
 * POSTs `payload` (a value sent as JSON, or a string or bytes sent as they are) with fetch, as a browser or a
 * mobile app would, and reads the whole answer.
 */
export async function post(url: string, payload: unknown, options: PostOptions = {}): Promise<HttpAnswer> {
  const body = typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body,
    signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

/** A GraphQL request as a plain client sends it: `{ query, variables }` as JSON. */
export function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options?: PostOptions,
): Promise<HttpAnswer> {
  return post(url, { query, variables }, options);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The outcome of a request on a connection of its own: an answer, or the socket error's code. */
export type RawResult = { status: number; text: string } | { error: string };

/**
 * One request over node:http on a fresh connection (no keep-alive pool, so a closed listener shows as a
 * refused connection). Never rejects: a refused or reset connection is a result to count.
 */
export function rawRequest(
  port: number,
  request: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResult> {
  return new Promise<RawResult>((resolve) => {
    const fail = (error: Error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message });
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: request.path,
        method: request.method ?? (request.body ? "POST" : "GET"),
        agent: false,
        headers: { "content-type": "application/json", ...request.headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(request.body);
  });
}
