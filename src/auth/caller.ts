import type { IncomingHttpHeaders } from "node:http";
import { INTERMEDIATE_SESSION_LIFETIME_MS } from "../stytch/mapping/exchange";
import type { SessionCredential } from "../stytch/port";
import type { IssuedSession } from "../stytch/types";
import { expiredCookie, parseCookieHeader, serializeCookie, type CookiePolicy } from "./cookies";
import { credentialFromAuthorization, toSessionCredential } from "./credentials";

/**
 * Who is calling and how. Mobile apps send `Authorization: Bearer`; browsers send HttpOnly cookies (and an
 * `Origin`). With both, the bearer wins and no cookie is written: the caller is then a mobile client. A caller
 * with neither and no Origin is anonymous: it may pass a pending step's token as an argument, gets tokens in
 * answers, and no cookies.
 */
export interface Caller {
  readonly kind: "bearer" | "cookie" | "anonymous";
  /** The opaque session token, when the caller has one (preferred for calls Stytch must authorize). */
  readonly sessionToken: SessionCredential | null;
  /** The session JWT, when the caller has one (verified locally, without a Stytch call). */
  readonly sessionJwt: SessionCredential | null;
  /** What to present to Stytch: the opaque token when there is one (it outlives JWTs), else the JWT. */
  readonly credential: SessionCredential | null;
  /** A pending MFA or primary step's token, kept in a cookie for browsers. */
  readonly intermediateSessionToken: string | null;
  /** The PKCE verifier of the sign-in link or SSO start this browser asked for, kept in a cookie. */
  readonly pkceVerifier: string | null;
  /** Set-Cookie values to send with the answer (always empty unless the caller is a browser). */
  readonly setCookies: string[];
  /** Rotates a browser's session cookies to a newly issued session. */
  rememberSession(issued: IssuedSession): void;
  /**
   * The session came from Stytch's SDK cookies (see CookiePolicy.adoptFrom): once it is proven, the answer
   * writes it into the BFF's own HttpOnly cookies and expires the SDK's, so scripts no longer hold a token.
   * A no-op otherwise, or when this answer already writes a session.
   */
  adoptSession(expiresAt: Date): void;
  rememberIntermediateSession(token: string, expiresAt: Date): void;
  forgetIntermediateSession(): void;
  /** Keeps a browser's PKCE verifier until `expiresAt`; false for callers that hold no cookies. */
  rememberPkceVerifier(verifier: string, expiresAt: Date): boolean;
  forgetPkceVerifier(): void;
  /** Clears a browser's session and pending-step cookies (sign-out, or Stytch says the session is gone). */
  forgetSession(): void;
  /**
   * A session in Stytch's SDK cookies that this request did not use because the BFF's own cookies came first
   * (adoption on): sign-out ends it too, or it would be taken over again once the BFF's cookies are gone.
   */
  readonly leftoverSdkSession: SessionCredential | null;
}

export function identifyCaller(headers: IncomingHttpHeaders, policy: CookiePolicy): Caller {
  // Only the Bearer scheme selects mobile mode: a Basic-auth proxy in front must not switch cookies off.
  if (/^bearer\b/i.test(headers.authorization ?? ""))
    return tokenCaller(credentialFromAuthorization(headers.authorization));
  const found = readSessionCookies(headers.cookie, policy);
  // A browser (it sends Origin with every POST; native apps do not) is a cookie caller even before it holds a
  // cookie: signing in must give it HttpOnly cookies, never a token in the answer.
  const browser = headers.origin !== undefined;
  if (!found.ambiguous && !found.token && !found.jwt && !found.intermediate && !browser)
    return tokenCaller(null);
  return cookieCaller(found, policy);
}

/** What a browser's cookies hold, each credential of the kind its cookie is for (anything else is none). */
interface SessionCookies {
  token: SessionCredential | null;
  jwt: SessionCredential | null;
  intermediate: string | null;
  pkceVerifier: string | null;
  /** A session cookie sent twice (two scopes): no session at all. */
  ambiguous: boolean;
  /** Stytch's SDK names, when the session was read from them (see CookiePolicy.adoptFrom). */
  adoptFrom: CookiePolicy["adoptFrom"];
  /** Stytch's SDK names, when adoption is on and the browser sent either: answers that write a session expire them. */
  sdkPresent: CookiePolicy["adoptFrom"];
  /** Their session, when present but not the one used (see Caller.leftoverSdkSession). */
  leftoverSdkSession: SessionCredential | null;
}

function readSessionCookies(header: string | undefined, policy: CookiePolicy): SessionCookies {
  const { values: cookies, duplicates } = parseCookieHeader(header);
  const { names } = policy;
  const adoptFrom = adoptableNames(cookies, policy);
  const sessionNames = adoptFrom ?? names;
  const ambiguous = [...Object.values(names), ...Object.values(sessionNames)].some((name) =>
    duplicates.has(name),
  );
  const read = (name: string) => (ambiguous ? null : toSessionCredential(cookies.get(name)));
  const sdk = policy.adoptFrom;
  const sdkPresent = sdk && (cookies.has(sdk.sessionToken) || cookies.has(sdk.sessionJwt)) ? sdk : null;
  const leftover =
    sdkPresent && !adoptFrom ? (read(sdkPresent.sessionToken) ?? read(sdkPresent.sessionJwt)) : null;
  const token = read(sessionNames.sessionToken);
  const jwt = read(sessionNames.sessionJwt);
  const intermediate = read(names.intermediateSessionToken);
  return {
    token: token?.kind === "session_token" ? token : null,
    jwt: jwt?.kind === "session_jwt" ? jwt : null,
    intermediate: intermediate?.kind === "session_token" ? intermediate.value : null,
    pkceVerifier: ambiguous ? null : pkceVerifierOf(cookies.get(names.pkceVerifier)),
    ambiguous,
    adoptFrom,
    sdkPresent,
    leftoverSdkSession: leftover,
  };
}

/** A browser: credentials from its cookies, and every change to them answered with Set-Cookie. */
function cookieCaller(found: SessionCookies, policy: CookiePolicy): Caller {
  const { names } = policy;
  const { token, jwt, adoptFrom, sdkPresent } = found;
  const setCookies: string[] = [];
  const set = (name: string, value: string, expires: Date) =>
    setCookies.push(serializeCookie(name, value, expires, policy));
  const clear = (name: string) => setCookies.push(expiredCookie(name, policy));
  // Taken over (or stale beside ours): the SDK's script-readable copies go whenever the BFF writes or clears
  // the session.
  const clearAdopted = () => sdkPresent && Object.values(sdkPresent).forEach(clear);
  let sessionWritten = false;
  const writeSession = (newToken: string | null, newJwt: string | null, expires: Date) => {
    sessionWritten = true;
    if (newToken) set(names.sessionToken, newToken, expires);
    if (newJwt) set(names.sessionJwt, newJwt, expires);
    clearAdopted();
  };
  // Two session cookies of one name: no session at all, and the answer clears ours (a planted one at
  // another scope stays, but keeps making the caller anonymous rather than someone else).
  if (found.ambiguous) for (const name of Object.values(names)) clear(name);
  return {
    kind: "cookie",
    sessionToken: token,
    sessionJwt: jwt,
    credential: token ?? jwt,
    intermediateSessionToken: found.intermediate,
    pkceVerifier: found.pkceVerifier,
    setCookies,
    leftoverSdkSession: found.leftoverSdkSession,
    rememberSession: ({ session, sessionToken, sessionJwt }) =>
      writeSession(sessionToken, sessionJwt, session.expiresAt),
    adoptSession(expiresAt) {
      if (adoptFrom && !sessionWritten) writeSession(token?.value ?? null, jwt?.value ?? null, expiresAt);
    },
    rememberIntermediateSession(intermediate, expiresAt) {
      // Never longer than Stytch keeps an intermediate session.
      const latest = new Date(Math.min(expiresAt.getTime(), Date.now() + INTERMEDIATE_SESSION_LIFETIME_MS));
      set(names.intermediateSessionToken, intermediate, latest);
    },
    forgetIntermediateSession: () => clear(names.intermediateSessionToken),
    rememberPkceVerifier(verifier, expiresAt) {
      set(names.pkceVerifier, verifier, expiresAt);
      return true;
    },
    forgetPkceVerifier: () => clear(names.pkceVerifier),
    forgetSession() {
      clear(names.sessionToken);
      clear(names.sessionJwt);
      clear(names.intermediateSessionToken);
      clearAdopted();
    },
  };
}

/** A bearer (or anonymous) caller: credentials come from headers or arguments, and no cookie is ever written. */
function tokenCaller(credential: SessionCredential | null): Caller {
  const noop = () => {};
  return {
    kind: credential ? "bearer" : "anonymous",
    sessionToken: credential?.kind === "session_token" ? credential : null,
    sessionJwt: credential?.kind === "session_jwt" ? credential : null,
    credential,
    intermediateSessionToken: null,
    pkceVerifier: null,
    setCookies: [],
    leftoverSdkSession: null,
    rememberSession: noop,
    adoptSession: noop,
    rememberIntermediateSession: noop,
    forgetIntermediateSession: noop,
    rememberPkceVerifier: () => false,
    forgetPkceVerifier: noop,
    forgetSession: noop,
  };
}

/** A PKCE verifier as this BFF makes them (43 base64url characters); anything else is no verifier. */
function pkceVerifierOf(value: string | undefined): string | null {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * Stytch's SDK cookie names, when this request's session is to be read from them: adoption is on and the
 * browser holds none of the BFF's own session cookies yet.
 */
function adoptableNames(cookies: Map<string, string>, policy: CookiePolicy): CookiePolicy["adoptFrom"] {
  const { adoptFrom, names } = policy;
  if (!adoptFrom || cookies.has(names.sessionToken) || cookies.has(names.sessionJwt)) return null;
  return cookies.has(adoptFrom.sessionToken) || cookies.has(adoptFrom.sessionJwt) ? adoptFrom : null;
}
