import { parse } from "tldts";

// A browser's "site": scheme plus registrable domain (eTLD+1, from the public suffix list, private section
// included, as browsers use it: a.github.io and b.github.io are different sites). Hosts without a registrable
// domain (IP addresses, localhost, single labels) are their own site. SameSite cookies follow this notion:
// a request from a page on another site carries no Lax/Strict cookie.

/** The registrable domain of `hostname`, or the host itself when it has none. Lower case, no port. */
export function registrableHost(hostname: string): string {
  const bare = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const parsed = parse(bare, { allowPrivateDomains: true });
  return parsed.isIp || !parsed.domain ? bare : parsed.domain;
}

/** "https://example.com" for "https://app.example.com:8443"; null for something that is not an http(s) URL. */
export function siteOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return `${parsed.protocol}//${registrableHost(parsed.hostname)}`;
}

/** The registrable host of a Host header ("api.example.com:443", "[::1]:4000"), without its port. */
export function registrableHostOfHostHeader(host: string): string | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d+)?$/.exec(host.trim());
  return match ? registrableHost(match[1]) : null;
}
