import type { IncomingMessage, ServerResponse } from "node:http";
import { CROSS_SITE_WARNING_HEADER } from "./cross-site-request";

/** The origins of Apollo Sandbox, allowed in development only. */
const SANDBOX_ORIGINS = ["https://sandbox.embed.apollographql.com", "https://studio.apollographql.com"];

export interface CorsPolicy {
  allowedOrigins: readonly string[];
  development: boolean;
}

export type CorsVerdict = "no-origin" | "allowed" | "refused";

/**
 * Browsers name the calling page's Origin on every cross-origin request and on same-origin POSTs. A foreign
 * origin is refused outright, before any credential is looked at: a cookie must never act for another site.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): CorsVerdict {
  const origin = req.headers.origin;
  if (!origin) return "no-origin";
  if (!isAllowed(origin, req, policy)) return "refused";
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-allow-credentials", "true");
  res.setHeader("access-control-expose-headers", `x-request-id, ${CROSS_SITE_WARNING_HEADER}`);
  res.appendHeader("vary", "Origin");
  if (req.method === "OPTIONS") {
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      "content-type, authorization, apollo-require-preflight, x-apollo-operation-name, apollographql-client-name",
    );
    res.setHeader("access-control-max-age", "600");
  }
  return "allowed";
}

/** An origin the configuration names (CORS_ORIGINS, or Apollo Sandbox in development): a finite set. */
export function isListedOrigin(origin: string, policy: CorsPolicy): boolean {
  return policy.allowedOrigins.includes(origin) || (policy.development && SANDBOX_ORIGINS.includes(origin));
}

function isAllowed(origin: string, req: IncomingMessage, policy: CorsPolicy): boolean {
  if (isListedOrigin(origin, policy)) return true;
  // Same origin: the page was served by this host (e.g. the development landing page).
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
