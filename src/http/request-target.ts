import { PROBE_PATHS } from "./probes";

export const GRAPHQL_PATH = "/graphql";

export interface RequestTarget {
  path: string;
  /** The query string with its "?", as Apollo wants it ("" when there is none). */
  search: string;
}

/** Split once per request; cheaper than a WHATWG URL parse. */
export function requestTarget(url = "/"): RequestTarget {
  const start = url.indexOf("?");
  if (start < 0) return { path: url, search: "" };
  const fragment = url.indexOf("#", start);
  return { path: url.slice(0, start), search: url.slice(start, fragment < 0 ? undefined : fragment) };
}

/** The path as logged: one of a closed set, never what a client typed (which may hold a token, or junk). */
export function routeOf(path: string): string {
  return path === GRAPHQL_PATH || PROBE_PATHS.has(path) ? path : "other";
}
