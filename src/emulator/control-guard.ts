import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { StytchApiError } from "./errors";

// The control API has no credentials: anyone who reaches it may reset, seed, inject faults and read codes. It
// is meant for the developer's own tools (curl, tests), so a request a web page made is refused: one carrying
// a non-loopback Origin (a page on another site forging a POST), or a Host that is a domain name other than
// localhost (DNS rebinding: a page whose name now points at 127.0.0.1, reading the answers as same-origin).

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Throws 403 for a control request a browser page on another site could have made. */
export function refuseForeignPages(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    throw new StytchApiError(
      403,
      "forbidden_origin",
      "The control API answers loopback pages and tools only.",
    );
  }
  const host = hostnameOf(req.headers.host);
  if (host !== null && isIP(host.replace(/^\[|\]$/g, "")) === 0 && !isLocalhostName(host)) {
    throw new StytchApiError(
      403,
      "forbidden_host",
      "The control API answers requests to an IP address or localhost.",
    );
  }
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    const loopbackIp = isIP(hostname) === 4 && hostname.startsWith("127.");
    return LOOPBACK_NAMES.has(hostname) || isLocalhostName(hostname) || loopbackIp;
  } catch {
    return false;
  }
}

function isLocalhostName(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost");
}

/** The Host header's name without its port ("[::1]:4010" → "[::1]"); null when absent. */
function hostnameOf(host: string | undefined): string | null {
  if (!host) return null;
  const bracketed = /^(\[[^\]]*\])(?::\d*)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d*$/, "").toLowerCase();
}
