import type { BenchSettings } from "../settings";
import { findRow, type Row } from "./aggregate";

export interface Target {
  /** Stable key, e.g. "exchangeSession.cpuVsB". */
  id: string;
  name: string;
  measured: number;
  comparison: "==" | "<=" | "<" | ">=";
  limit: number;
  pass: boolean;
  /** Structural targets (counts) must hold on any machine; the others are ratios of noisy timings. */
  structural: boolean;
  how: string;
}

export interface Census {
  operation: string;
  operations: number;
  upstreamPerOp: Record<string, number>;
  bad: number;
}

export interface MemoryResult {
  early: number;
  late: number;
  rssEarlyMB: number;
  rssLateMB: number;
  peakMB: number;
  /** RSS after every `early` operations. */
  curve: Array<{ operations: number; rssMB: number }>;
  bad: number;
}

/** The targets, each a count or a ratio of figures from the same run. */
export function evaluateTargets(
  rows: Row[],
  censuses: Census[],
  memory: MemoryResult,
  settings: BenchSettings,
): Target[] {
  const loaded = (server: string, operation: string) => findRow(rows, "loaded", server, operation);
  const calls = (operation: string) => {
    const census = censuses.find((c) => c.operation === operation)!;
    return Object.values(census.upstreamPerOp).reduce((sum, n) => sum + n, 0);
  };
  const exchange = loaded("BFF", "exchangeSession");
  const anchorsCpu = (operation: string) =>
    loaded("B", operation).cpuMicrosPerOp +
    loaded("C", operation).cpuMicrosPerOp -
    (settings.anchorA ? loaded("A", operation).cpuMicrosPerOp : 0);
  const unloadedP50 = (server: string) => findRow(rows, "unloaded", server, "exchangeSession").p50Ms;
  const bad =
    rows.reduce((sum, row) => sum + row.bad, 0) + censuses.reduce((sum, c) => sum + c.bad, 0) + memory.bad;
  const censusHow = `upstream requests (any route, JWKS included) / operations, over exactly ${settings.censusOperations} answered operations after the rounds`;

  const targets: Array<Omit<Target, "pass">> = [
    {
      id: "exchangeSession.upstreamCalls",
      name: "exchangeSession: upstream calls per operation",
      measured: calls("exchangeSession"),
      comparison: "==",
      limit: 1,
      structural: true,
      how: censusHow,
    },
    {
      id: "exchangeSession.cpuVsB",
      name: "exchangeSession: CPU per operation / anchor B's",
      measured: exchange.cpuMicrosPerOp / loaded("B", "exchangeSession").cpuMicrosPerOp,
      comparison: "<=",
      limit: 2,
      structural: false,
      how: "server process utime+stime per request, loaded runs, mean of both rounds",
    },
    {
      id: "exchangeSession.cpuVsAnchors",
      name: "exchangeSession: CPU per operation / (B + C − A)",
      measured: exchange.cpuMicrosPerOp / anchorsCpu("exchangeSession"),
      comparison: "<=",
      limit: 1.15,
      structural: false,
      how:
        "B's GraphQL stack plus C's Stytch call, less A's HTTP they share: what a BFF doing both at once would " +
        "cost" +
        (settings.anchorA ? "" : " (quick mode has no anchor A: B + C, a lenient bound)"),
    },
    {
      id: "exchangeSession.unloadedP50AddedOverC",
      name: "exchangeSession: unloaded p50 added over anchor C (ms)",
      measured: unloadedP50("BFF") - unloadedP50("C"),
      comparison: "<=",
      limit: 1,
      structural: false,
      how: "p50 latency at 1 connection, one request at a time, mean of both rounds",
    },
    {
      id: "exchangeSession.newUpstreamConnectionsPer1000",
      name: "exchangeSession: new upstream connections per 1,000 operations after warm-up",
      measured: exchange.newUpstreamConnectionsPer1000,
      comparison: "<=",
      limit: 1,
      structural: false,
      how: "TCP connections accepted by the canned upstream during the measured (post-warm-up) loaded runs",
    },
    {
      id: "viewer.upstreamCalls",
      name: "viewer (valid JWT): upstream calls per operation",
      measured: calls("viewer"),
      comparison: "==",
      limit: 0,
      structural: true,
      how: censusHow,
    },
    {
      id: "viewer.throughputVsB",
      name: "viewer (valid JWT): throughput / anchor B's (same selection)",
      measured: loaded("BFF", "viewer").requestsPerSecond / loaded("B", "viewer").requestsPerSecond,
      comparison: ">=",
      limit: 0.7,
      structural: false,
      how: `req/s at ${settings.connections} connections, mean of both rounds; B answers the same viewer selection`,
    },
    {
      id: "viewer.organizations.upstreamCalls",
      name: "viewer.organizations (50 organizations): upstream calls per operation",
      measured: calls("viewer.organizations"),
      comparison: "==",
      limit: 1,
      structural: true,
      how: censusHow,
    },
    {
      id: "viewer.organizations.throughputVsC",
      name: "viewer.organizations (50 organizations): throughput / anchor C's",
      measured:
        loaded("BFF", "viewer.organizations").requestsPerSecond /
        loaded("C", "viewer.organizations").requestsPerSecond,
      comparison: ">=",
      limit: 0.5,
      structural: false,
      how: `req/s at ${settings.connections} connections, mean of both rounds; C makes the same discovery call`,
    },
    {
      id: "memory.rssGrowth",
      name: `memory: RSS after ${memory.late} operations / RSS after ${memory.early}`,
      measured: memory.rssLateMB / memory.rssEarlyMB,
      comparison: "<=",
      limit: 1.2,
      structural: false,
      how:
        "a fresh BFF process, the three operations in turn on every connection" +
        (settings.memory.scaledDown ? " (quick mode: counts scaled down from 10,000 / 100,000)" : ""),
    },
    {
      id: "memory.peakRss",
      name: "memory: peak RSS (MB)",
      measured: memory.peakMB,
      comparison: "<",
      limit: 200,
      structural: false,
      how: "VmHWM of the memory run's BFF process",
    },
    {
      id: "answers.bad",
      name: "answers: non-2xx, errors or unexpected bodies",
      measured: bad,
      comparison: "==",
      limit: 0,
      structural: true,
      how: "every answer of every run compared byte for byte with the server's first, checked answer",
    },
  ];
  return targets.map((target) => ({
    ...target,
    pass: holds(target.measured, target.comparison, target.limit),
  }));
}

export function holds(measured: number, comparison: Target["comparison"], limit: number): boolean {
  if (!Number.isFinite(measured)) return false;
  switch (comparison) {
    case "==":
      // Counts are ratios of integers; allow for floating point only.
      return Math.abs(measured - limit) < 1e-9;
    case "<=":
      return measured <= limit;
    case "<":
      return measured < limit;
    case ">=":
      return measured >= limit;
  }
}
