import { StytchApiError } from "./errors";
import type { Body } from "./validate";
import { optionalString } from "./validate";

// Where Stytch sends the browser back to, with the token the app then authenticates. A test project's
// redirect URLs all default to http://localhost:3000/authenticate (Stytch dashboard default); the emulator
// keeps no allow-list, so any absolute http(s) URL is accepted.

export const DEFAULT_REDIRECT_URL = "http://localhost:3000/authenticate";

/** Stytch's `stytch_token_type` values for B2B redirects. */
export type TokenType = "discovery" | "multi_tenant_magic_links" | "sso";

/** The redirect URL field `name`, or the default; `invalid_<name>` for something that is not a URL. */
export function redirectUrl(body: Body, name: string): string {
  const value = optionalString(body, name) ?? DEFAULT_REDIRECT_URL;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new StytchApiError(400, `invalid_${name}`, `${name} is not a valid URL.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new StytchApiError(400, `invalid_${name}`, `${name} must be an http or https URL.`);
  }
  return value;
}

/** The URL the browser lands on: the redirect URL with the token type and token appended to its query. */
export function withToken(redirect: string, tokenType: TokenType, token: string): string {
  const url = new URL(redirect);
  url.searchParams.set("stytch_token_type", tokenType);
  url.searchParams.set("token", token);
  return url.toString();
}
