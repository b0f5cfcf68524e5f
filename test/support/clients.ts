import { ApolloClient, HttpLink, InMemoryCache, type DocumentNode } from "@apollo/client";
import { CookieJar } from "tough-cookie";

/** Every HTTP exchange a client made, for assertions on headers and bodies. */
export interface Exchange {
  status: number;
  setCookies: string[];
  cacheControl: string | null;
  body: string;
}

export interface FrontendClient {
  client: ApolloClient;
  exchanges: Exchange[];
  jar: CookieJar;
  mutate<T = any>(
    mutation: DocumentNode,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; error?: any }>;
  query<T = any>(
    query: DocumentNode,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; error?: any }>;
}

/**
 * A frontend as it really is: @apollo/client over HTTP. A web client holds only a cookie jar (as a browser,
 * it can neither read nor send HttpOnly cookies by hand); a mobile client sends `Authorization: Bearer`.
 */
export function createFrontendClient(
  url: string,
  credentials: {
    cookies?: Record<string, string>;
    bearer?: () => string | undefined;
    /** The page's origin, which a browser sends with every POST (a web client's first request has no cookie). */
    origin?: string;
  },
): FrontendClient {
  const jar = new CookieJar();
  for (const [name, value] of Object.entries(credentials.cookies ?? {}))
    jar.setCookieSync(`${name}=${value}; Path=/`, url);
  const exchanges: Exchange[] = [];
  const fetchWithJar: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const cookie = jar.getCookieStringSync(url);
    if (cookie) headers.set("cookie", cookie);
    if (credentials.origin) headers.set("origin", credentials.origin);
    const token = credentials.bearer?.();
    if (token) headers.set("authorization", `Bearer ${token}`);
    const response = await fetch(input, { ...init, headers });
    const setCookies = response.headers.getSetCookie();
    for (const setCookie of setCookies) jar.setCookieSync(setCookie, url);
    const body = await response.text();
    exchanges.push({
      status: response.status,
      setCookies,
      cacheControl: response.headers.get("cache-control"),
      body,
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const client = new ApolloClient({
    link: new HttpLink({ uri: url, fetch: fetchWithJar }),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: "no-cache" }, mutate: { fetchPolicy: "no-cache" } },
  });
  return {
    client,
    exchanges,
    jar,
    mutate: (mutation, variables) => settle(client.mutate({ mutation, variables, errorPolicy: "all" })),
    query: (query, variables) => settle(client.query({ query, variables, errorPolicy: "all" })),
  };
}

/** An operation's data and error, the error thrown or returned alike. */
async function settle(
  operation: Promise<{ data?: unknown; error?: unknown }>,
): Promise<{ data?: any; error?: any }> {
  try {
    const result = await operation;
    return { data: result.data as any, error: result.error };
  } catch (error) {
    return { error };
  }
}

/** Parses one Set-Cookie value into its name, value and lower-cased attributes. */
export function parseSetCookie(header: string): {
  name: string;
  value: string;
  attributes: Map<string, string>;
} {
  const [pair, ...rest] = header.split(";").map((part) => part.trim());
  const eq = pair.indexOf("=");
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const at = attribute.indexOf("=");
    if (at < 0) attributes.set(attribute.toLowerCase(), "");
    else attributes.set(attribute.slice(0, at).toLowerCase(), attribute.slice(at + 1));
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}
