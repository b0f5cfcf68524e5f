import { closedLoop } from "../load/loops";
import type { ColdCursor } from "../members";
import type { LatencySettings } from "../settings";
import type { LatencyStack } from "../stack";
import { each, type LatencySubject, type LoadRequest } from "../requests";

/** What every scenario works with: the servers, the settings, and each server process's cold members. */
export interface Bench {
  stack: LatencyStack;
  settings: LatencySettings;
  /** One per server process: members it has never seen. */
  cursors: Map<LatencySubject, ColdCursor>;
  log(line: string): void;
}

export function cursorOf(bench: Bench, subject: LatencySubject): ColdCursor {
  let cursor = bench.cursors.get(subject);
  if (!cursor) bench.cursors.set(subject, (cursor = bench.stack.members.coldCursor()));
  return cursor;
}

/**
 * Cold members enough for `seconds` of `clients` back-to-back page loads: each waits at least one upstream
 * round trip, plus a margin. A phase that still runs out says so (`exhausted`) rather than repeat a member.
 */
export function coldEstimate(clients: number, seconds: number, latencyMs: number): number {
  return Math.ceil(((clients * seconds * 1000) / Math.max(1, latencyMs)) * 1.25) + clients;
}

/** One pass over the warm members, all at once (one round trip): what a cache learns before they reload. */
export async function warmPass(subject: LatencySubject, requests: LoadRequest[]): Promise<void> {
  const origin = subject.server.origin;
  await closedLoop({ origin, connections: requests.length, seconds: Infinity, source: each(requests) });
}
