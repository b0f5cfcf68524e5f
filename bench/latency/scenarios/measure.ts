import { cpuMicros } from "../../harness/proc-stats";
import type { ServerProcess } from "../../harness/server-process";
import type { UpstreamCounts } from "../../upstream/canned-upstream";
import type { LoadRun } from "../load/loops";
import { summarize, type LoadSummary } from "../load/summary";
import type { LatencySubject } from "../requests";

/** One measured load of one server: the client's view, the upstream's counters, and both processes' CPU. */
export interface PhaseResult extends LoadSummary {
  scenario: string;
  server: string;
  latencyMs: number;
  cache: "cold" | "warm";
  /** How it was loaded: "16 clients", "53 req/s", "burst of 1000". */
  load: string;
  /** Requests that reached the upstream during the phase, by route (JWKS included). */
  upstreamRequests: Record<string, number>;
  /** All of them per request sent. */
  upstreamPerRequest: number;
  /** The server's CPU (all threads, GC included) per request sent, in ms. */
  serverCpuMsPerRequest: number;
  /** The upstream's CPU during the phase, in cores: it must not be the bottleneck either. */
  upstreamCores: number;
  elapsedSeconds: number;
}

export interface PhaseLabel {
  scenario: string;
  latencyMs: number;
  cache: "cold" | "warm";
}

/**
 * Runs `load` against `subject`, reading the upstream's counters and both processes' CPU before and after.
 * Every request is answered before `load` resolves, so the counts are exact, not blurred at the edges.
 */
export async function measured(
  subject: LatencySubject,
  upstream: ServerProcess,
  label: PhaseLabel,
  budgetMs: number,
  load: () => Promise<LoadRun>,
): Promise<PhaseResult> {
  const before = await upstream.ask<UpstreamCounts>("counts");
  const cpuBefore = cpuMicros(subject.server.pid);
  const upstreamCpuBefore = cpuMicros(upstream.pid);
  const run = await load();
  const after = await upstream.ask<UpstreamCounts>("counts");
  const summary = summarize(run, budgetMs);
  const upstreamRequests = delta(before, after);
  const sent = Math.max(1, summary.sent);
  return {
    ...label,
    server: subject.name,
    load: describeLoad(run, summary.sent),
    ...summary,
    upstreamRequests,
    upstreamPerRequest: Object.values(upstreamRequests).reduce((sum, n) => sum + n, 0) / sent,
    serverCpuMsPerRequest: (cpuMicros(subject.server.pid) - cpuBefore) / 1000 / sent,
    upstreamCores: (cpuMicros(upstream.pid) - upstreamCpuBefore) / 1e6 / run.elapsedSeconds,
    elapsedSeconds: run.elapsedSeconds,
  };
}

function describeLoad(run: LoadRun, sent: number): string {
  if (run.model === "closed") return `${run.connections} clients`;
  return run.offeredSeconds > 0 ? `${(sent / run.offeredSeconds).toFixed(1)} req/s` : `burst of ${sent}`;
}

function delta(before: UpstreamCounts, after: UpstreamCounts): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.requests)) {
    const d = n - (before.requests[route] ?? 0);
    if (d > 0) result[route] = d;
  }
  return result;
}
