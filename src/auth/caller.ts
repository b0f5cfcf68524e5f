import type { IncomingHttpHeaders } from "node:http";
import type { SessionCredential } from "../stytch/port";
import type { IssuedSession } from "../stytch/types";
import { expiredCookie, parseCookies, serializeCookie, type CookiePolicy } from "./cookies";
import { credentialFromAuthorization, toSessionCredential } from "./credentials";

/** Stytch keeps an intermediate session for 10 minutes; its cookie never outlives it. */
const INTERMEDIATE_COOKIE_MAX_MS = 10 * 60_000;

/**
 * Who is calling and how. Mobile apps send `Authorization: Bearer`; browsers send HttpOnly cookies. With both,
 * the bearer wins and no cookie is written: the caller is then a mobile client.
 */
export interface Caller {
  readonly kind: "bearer" | "cookie" | "anonymous";
  /** The opaque session token, when the caller has one (preferred for calls Stytch must authorize). */
  readonly sessionToken: SessionCredential | null;
  /** The session JWT, when the caller has one (verified locally, without a Stytch call). */
  readonly sessionJwt: SessionCredential | null;
  /** A pending MFA or primary step's token, kept in a cookie for browsers. */
  readonly intermediateSessionToken: string | null;
  /** Set-Cookie values to send with the answer (always empty for bearer callers). */
  readonly setCookies: string[];
  rememberSession(issued: IssuedSession): void;
  rememberIntermediateSession(token: string, expiresAt: Date): void;
  forgetIntermediateSession(): void;
  forgetSession(): void;
}

export function identifyCaller(headers: IncomingHttpHeaders, policy: CookiePolicy): Caller {
  const bearer = credentialFromAuthorization(headers.authorization);
  if (bearer || headers.authorization) return bearerCaller(bearer);
  const cookies = parseCookies(headers.cookie);
  const { names } = policy;
  const sessionToken = toSessionCredential(cookies.get(names.sessionToken));
  const sessionJwt = toSessionCredential(cookies.get(names.sessionJwt));
  const intermediate = toSessionCredential(cookies.get(names.intermediateSessionToken));
  const hasAny = sessionToken || sessionJwt || intermediate;
  const setCookies: string[] = [];
  const set = (name: string, value: string, expires: Date) =>
    setCookies.push(serializeCookie(name, value, expires, policy));
  const clear = (name: string) => setCookies.push(expiredCookie(name, policy));
  return {
    // A browser without cookies yet is still a browser as soon as it holds one; before that it is anonymous.
    kind: hasAny ? "cookie" : "anonymous",
    sessionToken: sessionToken?.kind === "session_token" ? sessionToken : null,
    sessionJwt: sessionJwt?.kind === "session_jwt" ? sessionJwt : null,
    intermediateSessionToken: intermediate?.kind === "session_token" ? intermediate.value : null,
    setCookies,
    rememberSession({ session, sessionToken: token, sessionJwt: jwt }) {
      set(names.sessionToken, token, session.expiresAt);
      set(names.sessionJwt, jwt, session.expiresAt);
      clear(names.intermediateSessionToken);
    },
    rememberIntermediateSession(token, expiresAt) {
      const latest = new Date(Math.min(expiresAt.getTime(), Date.now() + INTERMEDIATE_COOKIE_MAX_MS));
      set(names.intermediateSessionToken, token, latest);
    },
    forgetIntermediateSession: () => clear(names.intermediateSessionToken),
    forgetSession() {
      clear(names.sessionToken);
      clear(names.sessionJwt);
      clear(names.intermediateSessionToken);
    },
  };
}

function bearerCaller(credential: SessionCredential | null): Caller {
  const noop = () => {};
  return {
    kind: credential ? "bearer" : "anonymous",
    sessionToken: credential?.kind === "session_token" ? credential : null,
    sessionJwt: credential?.kind === "session_jwt" ? credential : null,
    intermediateSessionToken: null,
    setCookies: [],
    rememberSession: noop,
    rememberIntermediateSession: noop,
    forgetIntermediateSession: noop,
    forgetSession: noop,
  };
}
