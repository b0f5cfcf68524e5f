/** Cookie names; Stytch's own frontend SDKs use the first two. */
export interface CookieNames {
  sessionToken: string;
  sessionJwt: string;
  intermediateSessionToken: string;
}

export interface CookiePolicy {
  names: CookieNames;
  /** Secure everywhere but development, where the BFF runs on plain http://localhost. */
  secure: boolean;
}

export const DEFAULT_COOKIE_NAMES: CookieNames = {
  sessionToken: "stytch_session",
  sessionJwt: "stytch_session_jwt",
  intermediateSessionToken: "stytch_intermediate_session",
};

/** Parses a Cookie header; later duplicates do not override the first (as browsers order them). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** One Set-Cookie value: HttpOnly always (scripts never read a token), SameSite=Lax, Path=/. */
export function serializeCookie(name: string, value: string, expires: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  const attributes = [
    `${name}=${value}`,
    "Path=/",
    `Expires=${expires.toUTCString()}`,
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function expiredCookie(name: string, secure: boolean): string {
  return serializeCookie(name, "", new Date(0), secure);
}
