import type { HttpRequest } from "../operations";
import type { MemoryResult } from "../report/targets";
import type { BenchSettings } from "../settings";
import type { UpstreamCounts } from "../upstream/canned-upstream";
import { load } from "./load";
import { cpuMicros, memoryMB } from "./proc-stats";
import type { ServerProcess } from "./server-process";

/** One server answering one operation: how to ask (built fresh per phase: JWTs expire) and what to expect. */
export interface Subject {
  server: ServerProcess;
  operation: string;
  requests: () => HttpRequest[];
  /** Each connection sends its own one of `requests()` (see LoadSpec.perConnection). */
  perConnection?: boolean;
  expectedBodies: ReadonlySet<string>;
}

export interface Measurement {
  server: string;
  operation: string;
  kind: "loaded" | "unloaded";
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerOp: number;
  /** Requests that reached the upstream per operation, by route (JWKS included). */
  upstreamPerOp: Record<string, number>;
  newUpstreamConnectionsPer1000: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  completed: number;
  bad: number;
  badSample?: string;
}

export interface Timing {
  connections: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** After a timed run, requests it cut off finish on the server before counters are read. */
  settleMs: number;
  /** A window goes on past measureSeconds until it has this many answers (a starved machine, short windows). */
  minAnswers: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const QUIET_POLL_MS = 30;
const MAX_SETTLE_MS = 3000;

/**
 * Lets the requests a timed run cut off finish on the server before counters are read: at least `ms`, then
 * until the process's CPU time stops moving (a starved machine may need far longer than `ms`).
 */
async function settle(pid: number, ms: number): Promise<void> {
  await sleep(ms);
  const deadline = Date.now() + MAX_SETTLE_MS;
  let before = cpuMicros(pid);
  while (Date.now() < deadline) {
    await sleep(QUIET_POLL_MS);
    const now = cpuMicros(pid);
    if (now === before) return;
    before = now;
  }
}

/**
 * Warm-up, then the measured run, with the same connections. CPU and upstream requests are divided by the
 * requests sent (the server finishes the ones in flight when the run stops, and their cost is in the window);
 * throughput and latency come from the answered ones.
 */
export async function measure(
  subject: Subject,
  upstream: ServerProcess,
  timing: Timing,
  kind: Measurement["kind"],
): Promise<Measurement> {
  const { server } = subject;
  const requests = subject.requests();
  const base = {
    origin: server.origin,
    requests,
    perConnection: subject.perConnection,
    connections: timing.connections,
  };
  const rssBefore = memoryMB(server.pid).rss;
  await load({ ...base, duration: timing.warmupSeconds, expectedBodies: subject.expectedBodies });
  await settle(server.pid, timing.settleMs);
  const cpuBefore = cpuMicros(server.pid);
  const countsBefore = await upstream.ask<UpstreamCounts>("counts");
  const run = await load({
    ...base,
    duration: timing.measureSeconds,
    minAnswers: timing.minAnswers,
    expectedBodies: subject.expectedBodies,
  });
  await settle(server.pid, timing.settleMs);
  const cpu = cpuMicros(server.pid) - cpuBefore;
  const countsAfter = await upstream.ask<UpstreamCounts>("counts");
  const operations = Math.max(run.sent, run.completed);
  return {
    server: server.name,
    operation: subject.operation,
    kind,
    connections: timing.connections,
    requestsPerSecond: run.requestsPerSecond,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    cpuMicrosPerOp: cpu / operations,
    upstreamPerOp: perOperation(countsBefore, countsAfter, operations),
    newUpstreamConnectionsPer1000: ((countsAfter.connections - countsBefore.connections) * 1000) / operations,
    rssBeforeMB: rssBefore,
    rssAfterMB: memoryMB(server.pid).rss,
    completed: run.completed,
    bad: run.bad,
    badSample: run.badSample,
  };
}

/**
 * The exact upstream cost of an operation: `operations` requests, every one answered (no run cut short), the
 * upstream's counters read before and after. Timed runs can only approximate this at their edges.
 */
export async function census(
  subject: Subject,
  upstream: ServerProcess,
  settings: BenchSettings,
): Promise<{ operation: string; operations: number; upstreamPerOp: Record<string, number>; bad: number }> {
  const before = await upstream.ask<UpstreamCounts>("counts");
  const run = await load({
    origin: subject.server.origin,
    requests: subject.requests(),
    perConnection: subject.perConnection,
    connections: settings.connections,
    amount: settings.censusOperations,
    expectedBodies: subject.expectedBodies,
  });
  await settle(subject.server.pid, settings.settleMs);
  const after = await upstream.ask<UpstreamCounts>("counts");
  return {
    operation: subject.operation,
    operations: run.completed,
    upstreamPerOp: perOperation(before, after, run.completed),
    bad: run.bad + (run.completed === settings.censusOperations ? 0 : 1),
  };
}

/** Brings V8 to its steady state on one server and operation: `operations` answers, or `maxSeconds`. */
export async function jitWarmup(subject: Subject, settings: BenchSettings): Promise<void> {
  await load({
    origin: subject.server.origin,
    requests: subject.requests(),
    perConnection: subject.perConnection,
    connections: settings.connections,
    duration: settings.jitWarmup.maxSeconds,
    stopAfter: settings.jitWarmup.operations,
    expectedBodies: subject.expectedBodies,
  });
}

/** Lets a server's upstream pool meet the phase's load (its connections open on demand, at new peaks). */
export async function poolWarmup(subject: Subject, settings: BenchSettings): Promise<void> {
  await load({
    origin: subject.server.origin,
    requests: subject.requests(),
    perConnection: subject.perConnection,
    connections: settings.connections,
    duration: settings.poolWarmupSeconds,
    expectedBodies: subject.expectedBodies,
  });
}

/**
 * RSS of a freshly started BFF after `early` operations, then after each further `early` up to `late` (the
 * curve tells growth to a plateau from a leak), and its peak.
 */
export async function memoryGrowth(
  server: ServerProcess,
  mix: { requests: HttpRequest[]; expectedBodies: ReadonlySet<string> },
  settings: BenchSettings,
): Promise<MemoryResult> {
  const { early, late } = settings.memory;
  const base = { origin: server.origin, connections: settings.connections, ...mix };
  const curve: Array<{ operations: number; rssMB: number }> = [];
  let operations = 0;
  let bad = 0;
  while (operations < late) {
    const run = await load({ ...base, amount: Math.min(early, late - operations) });
    operations += run.completed;
    bad += run.bad;
    curve.push({ operations, rssMB: memoryMB(server.pid).rss });
  }
  return {
    early: curve[0].operations,
    late: operations,
    rssEarlyMB: curve[0].rssMB,
    rssLateMB: curve[curve.length - 1].rssMB,
    peakMB: memoryMB(server.pid).peak,
    curve,
    bad,
  };
}

function perOperation(
  before: UpstreamCounts,
  after: UpstreamCounts,
  operations: number,
): Record<string, number> {
  const routes = new Set([...Object.keys(before.requests), ...Object.keys(after.requests)]);
  const result: Record<string, number> = {};
  for (const route of routes) {
    const delta = (after.requests[route] ?? 0) - (before.requests[route] ?? 0);
    if (delta > 0) result[route] = delta / operations;
  }
  return result;
}
