import type { IncomingMessage } from "node:http";

/**
 * The address per-client throttles count against. Behind `trustedHops` reverse proxies, each appending the
 * address it received from to X-Forwarded-For, the client is the entry the farthest trusted proxy appended;
 * entries left of it are whatever the client chose to send. Without trusted proxies, the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  return addressGroup(forwardedFor(req, trustedHops));
}

/**
 * One client per IPv4 address, and per IPv6 /64: a single host holds a whole /64, so counting its addresses
 * one by one would give it 2^64 allowances. IPv4-mapped IPv6 addresses count as IPv4.
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function forwardedFor(req: IncomingMessage, trustedHops: number): string {
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
