import type { ServerProcess } from "../harness/server-process";
import { EXCHANGE_SELECTION } from "../operations";
import type { Credential } from "./members";

/** What a web app asks on every page load: who am I, where am I, where else can I go. */
export const PAGE_LOAD_QUERY =
  "{ viewer { member { id name email } organization { id name slug logoUrl } " +
  "organizations { organization { id name } member { id } nextStep } } }";

/** Everything here is in the session JWT's claims: a BFF can answer it without asking Stytch. */
export const CLAIMS_QUERY = "{ viewer { member { id } organization { slug } session { id } } }";

/** What an answer must hold to count as a success (and whose it must be). */
export interface Expectation {
  kind: "pageLoad" | "claims" | "exchange";
  /** GraphQL (BFF, peer) or anchor C's plain JSON. */
  format: "graphql" | "raw";
  /** The member the request's JWT names: an answer about anyone else is wrong, not merely failed. */
  memberId?: string;
  /** Organizations the member's discovery list holds. */
  organizations?: number;
}

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  expect: Expectation;
}

/** Hands out the next request, or undefined when the phase's requests are used up. */
export type RequestSource = () => LoadRequest | undefined;

/** A server under test and how to ask it each kind of request. */
export interface LatencySubject {
  name: "BFF" | "C" | "peer";
  server: ServerProcess;
  pageLoad(credential: Credential): LoadRequest;
  /** Only the BFF is asked the claims-only query and the mix's exchange. */
  claims(credential: Credential): LoadRequest;
  exchange(): LoadRequest;
}

export interface ExchangeCaller {
  /** A bearer session token (Ada's) and the organization it switches into (hooli: authenticated). */
  sessionToken: string;
  organizationId: string;
}

const headersOf = (bearer: string) => ({
  "content-type": "application/json",
  authorization: `Bearer ${bearer}`,
});

/** The BFF and the naive peer: the same GraphQL bytes to /graphql. */
export function graphqlSubject(
  name: "BFF" | "peer",
  server: ServerProcess,
  members: number,
  caller: ExchangeCaller,
): LatencySubject {
  const pageLoadBody = JSON.stringify({ query: PAGE_LOAD_QUERY });
  const claimsBody = JSON.stringify({ query: CLAIMS_QUERY });
  const exchangeBody = JSON.stringify({
    query: EXCHANGE_SELECTION,
    variables: { orgId: caller.organizationId },
  });
  const graphql = (bearer: string, body: string, expect: Omit<Expectation, "format">): LoadRequest => ({
    path: "/graphql",
    headers: headersOf(bearer),
    body,
    expect: { ...expect, format: "graphql" },
  });
  return {
    name,
    server,
    pageLoad: (c) =>
      graphql(c.jwt, pageLoadBody, { kind: "pageLoad", memberId: c.memberId, organizations: members }),
    claims: (c) => graphql(c.jwt, claimsBody, { kind: "claims", memberId: c.memberId }),
    exchange: () => graphql(caller.sessionToken, exchangeBody, { kind: "exchange" }),
  };
}

/** Anchor C: the page load's two Stytch calls (and an exchange's one), answered as plain JSON. */
export function anchorCSubject(
  server: ServerProcess,
  members: number,
  caller: ExchangeCaller,
): LatencySubject {
  const raw = (path: string, bearer: string, expect: Omit<Expectation, "format">): LoadRequest => ({
    path,
    headers: headersOf(bearer),
    body: "{}",
    expect: { ...expect, format: "raw" },
  });
  return {
    name: "C",
    server,
    pageLoad: (c) =>
      raw("/pageLoad", c.jwt, { kind: "pageLoad", memberId: c.memberId, organizations: members }),
    claims: () => {
      throw new Error("anchor C has no claims-only route");
    },
    exchange: () => raw("/exchange", caller.sessionToken, { kind: "exchange" }),
  };
}

/** Each request once, in order. */
export function each(requests: LoadRequest[]): RequestSource {
  let next = 0;
  return () => requests[next++];
}

/** The same requests over and over (the warm set reloading). */
export function cycle(requests: LoadRequest[]): RequestSource {
  let next = 0;
  return () => requests[next++ % requests.length];
}

/** `every` requests of `source`, then one of `extra`, and so on, until `source` is used up (for good). */
export function interleave(source: RequestSource, extra: () => LoadRequest, every: number): RequestSource {
  let count = 0;
  let done = false;
  return () => {
    if (done) return undefined;
    const next = ++count % (every + 1) === 0 ? extra() : source();
    done = next === undefined;
    return next;
  };
}

/** At most `count` requests of `source`. */
export function limit(source: RequestSource, count: number): RequestSource {
  let given = 0;
  return () => (given++ < count ? source() : undefined);
}
