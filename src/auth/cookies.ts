/** Cookie names; Stytch's own frontend SDKs use the first two. */
export interface CookieNames {
  sessionToken: string;
  sessionJwt: string;
  intermediateSessionToken: string;
  /** The PKCE verifier of a sign-in link or SSO start this browser asked for: only it can use the token. */
  pkceVerifier: string;
}

export type SameSite = "Lax" | "Strict" | "None";

export interface CookiePolicy {
  names: CookieNames;
  /** Secure everywhere but development, where the BFF runs on plain http://localhost. */
  secure: boolean;
  /**
   * Lax by default. None only for Apollo Sandbox in development, whose requests come from another site; it
   * always comes with Secure (browsers accept Secure cookies on http://localhost).
   */
  sameSite: SameSite;
  /**
   * The session cookies Stytch's own login UI and frontend SDK write (script-readable), taken over when the
   * BFF's own are absent: see Caller.adoptSession. Null unless STYTCH_SDK_COOKIES=adopt and the names differ.
   */
  adoptFrom?: Pick<CookieNames, "sessionToken" | "sessionJwt"> | null;
}

export const DEFAULT_COOKIE_NAMES: CookieNames = {
  sessionToken: "stytch_session",
  sessionJwt: "stytch_session_jwt",
  intermediateSessionToken: "stytch_intermediate_session",
  pkceVerifier: "stytch_pkce_verifier",
};

/** Parses a Cookie header; later duplicates do not override the first (as browsers order them). */
export function parseCookies(header: string | undefined): Map<string, string> {
  return parseCookieHeader(header).values;
}

/**
 * The cookies, and the names sent more than once. Two cookies of one name come from two scopes (a parent
 * domain, another path): which one a browser sends first is not a security boundary, so callers treat a
 * duplicated session cookie as no session at all.
 */
export function parseCookieHeader(header: string | undefined): {
  values: Map<string, string>;
  duplicates: Set<string>;
} {
  const values = new Map<string, string>();
  const duplicates = new Set<string>();
  if (!header) return { values, duplicates };
  for (const raw of header.split(";")) {
    const part = raw.trim();
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (values.has(name)) duplicates.add(name);
    else values.set(name, part.slice(eq + 1).trim());
  }
  return { values, duplicates };
}

/** One Set-Cookie value: HttpOnly always (scripts never read a token), Path=/. */
export function serializeCookie(name: string, value: string, expires: Date, policy: CookiePolicy): string {
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  const attributes = [
    `${name}=${value}`,
    "Path=/",
    `Expires=${expires.toUTCString()}`,
    `Max-Age=${maxAge}`,
    "HttpOnly",
    `SameSite=${policy.sameSite}`,
  ];
  if (policy.secure || policy.sameSite === "None") attributes.push("Secure");
  return attributes.join("; ");
}

export function expiredCookie(name: string, policy: CookiePolicy): string {
  return serializeCookie(name, "", new Date(0), policy);
}
