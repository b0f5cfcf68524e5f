import { siteOf } from "./site";

// Start-up check of CORS_ORIGINS against the address browsers reach the BFF at. An allowed origin on another
// site gets through CORS but never gets the session cookies: Lax/Strict cookies are not sent cross-site, and
// current Chromium blocks SameSite=None ones as third-party cookies. Such a frontend would sign in and then
// find itself anonymous (viewer null) with no error anywhere, so this is said before any request is served.

/** The CORS_ORIGINS entries whose site differs from the site of `publicUrl`. */
export function crossSiteOrigins(origins: readonly string[], publicUrl: string): string[] {
  const site = siteOf(publicUrl);
  return origins.filter((origin) => siteOf(origin) !== site);
}

/** Why cross-site origins cannot use the session cookies; shared by the start-up refusal and the warning. */
export function crossSiteExplanation(origins: readonly string[], publicUrl: string): string {
  return (
    `lists ${origins.join(", ")}, on another site than ${publicUrl}. Browsers do not send SameSite=Lax/Strict ` +
    "cookies on cross-site requests and current Chromium blocks SameSite=None ones as third-party cookies, so " +
    "callers from there would be anonymous (viewer null). Serve the frontend on the same site as the BFF " +
    "(e.g. app.example.com and api.example.com, or one origin behind a proxy)"
  );
}
