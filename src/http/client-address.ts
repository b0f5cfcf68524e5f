import type { IncomingMessage } from "node:http";

/**
 * The address per-client throttles count against. Behind `trustedHops` reverse proxies, each appending the
 * address it received from to X-Forwarded-For, the client is the entry the farthest trusted proxy appended;
 * entries left of it are whatever the client chose to send. Without trusted proxies, the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedHops === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const entry = forwarded[forwarded.length - trustedHops];
  // Fewer entries than trusted proxies: a request that did not come through them all.
  return entry ? entry.slice(0, 64) : peer;
}
