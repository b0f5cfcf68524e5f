import type { Config } from "./config";
import { crossSiteExplanation, crossSiteOrigins } from "./http/cross-site-origins";

/**
 * What start-up should warn about in settings that load but will not work as a frontend developer expects.
 * Warnings, not refusals: without PUBLIC_URL the listening address may not be what browsers see (a proxy may
 * put the BFF on the frontend's site), and SameSite=None still serves bearer callers.
 */
export function startupWarnings(
  config: Pick<Config, "corsOrigins" | "publicUrl" | "cookieSameSite">,
  listenOrigin: string,
): string[] {
  const warnings: string[] = [];
  const foreign = config.publicUrl ? [] : crossSiteOrigins(config.corsOrigins, listenOrigin);
  if (foreign.length > 0) {
    warnings.push(
      `CORS_ORIGINS ${crossSiteExplanation(foreign, listenOrigin)}. If a proxy serves the BFF on the frontend's ` +
        "site, set PUBLIC_URL to that address: start-up then checks against it.",
    );
  }
  const ambiguous = config.publicUrl ? [] : loopbackAmbiguous(config.corsOrigins, listenOrigin, foreign);
  if (ambiguous.length > 0) {
    warnings.push(
      `CORS_ORIGINS lists ${ambiguous.join(", ")}: on the same site as ${listenOrigin} only if browsers use that ` +
        `very name. Through ${loopbackAliases(listenOrigin).join(" or ")} (the same server) they are another ` +
        "site, and the session cookies are withheld: call the BFF by the name the page uses.",
    );
  }
  if (config.cookieSameSite === "None") {
    warnings.push(
      "COOKIE_SAME_SITE=None: current browsers block third-party cookies, so cross-site callers (Apollo Sandbox " +
        "included) still get no session cookie; in Apollo Sandbox send Authorization: Bearer <session token>.",
    );
  }
  return warnings;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The other names browsers reach a loopback listener by: 127.0.0.1 is also localhost (and [::1]), which are
 * three different sites to a browser.
 */
function loopbackAliases(listenOrigin: string): string[] {
  const url = new URL(listenOrigin);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [];
  return LOOPBACK_HOSTS.filter((host) => host !== url.hostname).map(
    (host) => `${url.protocol}//${host}:${url.port}`,
  );
}

/** Entries on the listening address's site but on another site than one of its loopback aliases. */
function loopbackAmbiguous(
  origins: readonly string[],
  listenOrigin: string,
  foreign: readonly string[],
): string[] {
  const aliases = loopbackAliases(listenOrigin);
  return origins.filter(
    (origin) =>
      !foreign.includes(origin) && aliases.some((alias) => crossSiteOrigins([origin], alias).length > 0),
  );
}
