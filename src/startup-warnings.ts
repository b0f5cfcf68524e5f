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
  if (config.cookieSameSite === "None") {
    warnings.push(
      "COOKIE_SAME_SITE=None: current browsers block third-party cookies, so cross-site callers (Apollo Sandbox " +
        "included) still get no session cookie; in Apollo Sandbox send Authorization: Bearer <session token>.",
    );
  }
  return warnings;
}
