import type { IncomingMessage, ServerResponse } from "node:http";
import { registrableHost, registrableHostOfHostHeader } from "./site";

// A browser on another site passes CORS (its origin is allowed) but sends none of the session cookies, so the
// caller is silently anonymous. These answers say so: a response header the page can read, a GraphQL
// extension, and a log line per origin. Never a cookie value or a token: only the origin and a fixed text.

export const CROSS_SITE_WARNING_HEADER = "x-bff-warning";

export interface ResponseWarning {
  code: string;
  message: string;
}

export const CROSS_SITE_COOKIES_BLOCKED: ResponseWarning = {
  code: "CROSS_SITE_COOKIES_BLOCKED",
  message:
    "This request came from a page on another site. Browsers withhold the session cookies on cross-site " +
    "requests (SameSite=Lax/Strict are never sent, SameSite=None is blocked as a third-party cookie), so the " +
    "caller is anonymous. Serve the frontend on the same site as this API, or send Authorization: Bearer.",
};

/**
 * True when a browser calls from another site and relies on cookies (no Authorization header: bearer callers
 * need no cookie). Sec-Fetch-Site is the browser's own verdict; without it, Origin's and Host's registrable
 * hosts are compared (the scheme is unknown behind a TLS-terminating proxy).
 */
export function isCookieCallerCrossSite(req: IncomingMessage, origin: string): boolean {
  if (req.headers.authorization) return false;
  const fetchSite = req.headers["sec-fetch-site"];
  if (typeof fetchSite === "string") return fetchSite === "cross-site";
  const host = req.headers.host ? registrableHostOfHostHeader(req.headers.host) : null;
  let originHost: string;
  try {
    originHost = registrableHost(new URL(origin).hostname);
  } catch {
    return false;
  }
  return host !== null && host !== originHost;
}

export function markCrossSite(res: ServerResponse): void {
  res.setHeader(
    CROSS_SITE_WARNING_HEADER,
    `${CROSS_SITE_COOKIES_BLOCKED.code}; session cookies are not sent cross-site`,
  );
}

/** Says once per origin per `intervalMs` that cross-site calls arrive; bounded, so origins cannot grow it. */
export class CrossSiteNotices {
  private readonly lastNoticeAt = new Map<string, number>();

  constructor(
    private readonly warn: (origin: string) => void,
    private readonly intervalMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxOrigins = 256,
  ) {}

  note(origin: string): void {
    const at = this.now();
    const last = this.lastNoticeAt.get(origin);
    if (last !== undefined && at - last < this.intervalMs) return;
    if (this.lastNoticeAt.size >= this.maxOrigins) this.lastNoticeAt.clear();
    this.lastNoticeAt.set(origin, at);
    this.warn(origin);
  }
}
