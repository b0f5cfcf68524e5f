import type { IncomingMessage } from "node:http";
import { identifyCaller, type Caller } from "./auth/caller";
import type { CookiePolicy } from "./auth/cookies";
import type { RevokedSessions } from "./auth/revoked-sessions";
import type { SnapshotCache } from "./cache/snapshot-cache";
import type { SessionJwtVerifier } from "./auth/session-jwt-verifier";
import { UnauthenticatedError } from "./errors/app-errors";
import { clientAddress } from "./http/client-address";
import type { KnownCredentials } from "./sessions/known-credentials";
import type { AbuseGuard } from "./throttle/abuse-guard";
import type { SignInGuard } from "./throttle/sign-in-guard";
import type { SignInSettings } from "./sessions/sign-in";
import { createLoaders, type BatchObserver, type Loaders } from "./loaders/create-loaders";
import type { RequestRecord } from "./observability/request-record";
import type { RequestScope } from "./request-scope";
import type { RequestBoundPort, SessionCredential, StytchPort } from "./stytch/port";

/** Everything a resolver may use, built fresh for each HTTP request. */
export interface RequestContext {
  readonly requestId: string;
  /** Stytch, bound to this request's budget and log line. */
  readonly stytch: StytchPort;
  readonly loaders: Loaders;
  readonly jwtVerifier: SessionJwtVerifier;
  readonly caller: Caller;
  /** The client's address, for per-client throttles (see TRUSTED_PROXY_HOPS). */
  readonly clientAddress: string;
  /** Throttles for SMS sends and code checks. */
  readonly guard: AbuseGuard;
  /** Throttles for sign-in emails and the codes and links they carry. */
  readonly signInGuard: SignInGuard;
  /** Where sign-in links and SSO lead back, and what Stytch's SSO start needs. */
  readonly signIn: SignInSettings;
  /** Sessions signed out through this process, refused locally while their JWTs are still valid. */
  readonly revokedSessions: RevokedSessions;
  /** The longest session a client may get (SESSION_MAX_MINUTES). */
  readonly sessionMaxMinutes: number;
  /** What Stytch's answers taught about tokens and pending steps. */
  readonly knownCredentials: KnownCredentials;
  /** What Stytch recently said about members, organizations and switch lists, shared by every request. */
  readonly snapshots: SnapshotCache;
  /** How the request ends, for its log line and metrics. */
  readonly record: RequestRecord;
  /**
   * Whether tokens may appear in GraphQL payloads: never for browsers (cookie callers), which get HttpOnly
   * cookies instead; mobile (bearer) callers must receive them to store them.
   */
  readonly revealTokens: boolean;
  /**
   * Runs `compute` once per request and key: aliased fields (`a: viewer b: viewer`) then share one Stytch call
   * instead of multiplying them.
   */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The credential to present to Stytch (the opaque token when there is one), or UNAUTHENTICATED. */
  requireCredential(): SessionCredential;
}

export interface ContextDeps {
  stytch: RequestBoundPort;
  jwtVerifier: SessionJwtVerifier;
  cookiePolicy: CookiePolicy;
  guard: AbuseGuard;
  signInGuard: SignInGuard;
  signIn: SignInSettings;
  revokedSessions: RevokedSessions;
  knownCredentials: KnownCredentials;
  snapshots: SnapshotCache;
  sessionMaxMinutes: number;
  trustedProxyHops: number;
  onBatch?: BatchObserver;
}

export function createContext(
  scope: RequestScope,
  req: IncomingMessage,
  deps: ContextDeps,
  record: RequestRecord,
): RequestContext {
  const caller = identifyCaller(req.headers, deps.cookiePolicy);
  const stytch = deps.stytch.forRequest(scope);
  const memo = new Map<string, Promise<unknown>>();
  return {
    requestId: scope.requestId,
    stytch,
    jwtVerifier: deps.jwtVerifier,
    loaders: createLoaders(stytch, deps.snapshots, deps.onBatch),
    caller,
    clientAddress: clientAddress(req, deps.trustedProxyHops),
    guard: deps.guard,
    signInGuard: deps.signInGuard,
    signIn: deps.signIn,
    revokedSessions: deps.revokedSessions,
    sessionMaxMinutes: deps.sessionMaxMinutes,
    knownCredentials: deps.knownCredentials,
    snapshots: deps.snapshots,
    record,
    revealTokens: caller.kind !== "cookie",
    once<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let result = memo.get(key) as Promise<T> | undefined;
      if (!result) {
        result = compute();
        memo.set(key, result);
      }
      return result;
    },
    requireCredential() {
      if (!caller.credential) throw new UnauthenticatedError();
      return caller.credential;
    },
  };
}
