import { aligned } from "../../report/print";
import type { LatencyResults } from "../plan";
import type { PhaseResult } from "../scenarios/measure";

const fixed = (digits: number) => (n: number) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const f0 = fixed(0);
const f1 = fixed(1);
const f2 = fixed(2);

const codes = (byCode: Record<string, number>) =>
  Object.entries(byCode)
    .map(([code, n]) => `${n} ${code}`)
    .join(", ") || "0";

const TIMED = ["page load", "unloaded"];

/** Every measured phase but the ladder's: one row per (scenario, latency, cache, server). */
export function formatPhases(results: LatencyResults): string {
  const phases: PhaseResult[] = [
    ...results.unloaded,
    results.claims.cold,
    results.claims.warm,
    results.mix.warm.phase,
    results.mix.cold.phase,
    ...results.pageLoads,
  ];
  const header = ["scenario", "latency", "cache", "server", "load", "good/s", "p50 ms", "p99 ms", "max ms"];
  const more = ["upstream/req", "CPU ms/req", "failed", "client cores", "upstream cores"];
  return aligned([
    [...header, ...more],
    ...phases.map((p) => [
      p.scenario,
      `${p.latencyMs} ms`,
      p.cache,
      p.server,
      p.load,
      f1(p.goodPerSecond),
      f1(p.p50Ms),
      f1(p.p99Ms),
      f1(p.maxMs),
      f2(p.upstreamPerRequest),
      f2(p.serverCpuMsPerRequest),
      // Censuses end when their requests run out; a timed phase that does had too few cold members.
      codes(p.failedByCode) + (p.exhausted && TIMED.includes(p.scenario) ? " (ran out)" : ""),
      f2(p.loadGeneratorCores),
      f2(p.upstreamCores),
    ]),
  ]);
}

export function formatMix(results: LatencyResults): string {
  return (["warm", "cold"] as const)
    .map((cache) => {
      const mix = results.mix[cache];
      const routes = Object.entries(mix.phase.upstreamRequests)
        .map(([route, n]) => `${n} ${route}`)
        .join(", ");
      return (
        `Page-load mix (${cache}, ${mix.phase.latencyMs} ms): ${mix.pageLoads} page loads + ${mix.exchanges} exchanges → ` +
        `${f2(mix.callsPerPageLoad)} upstream calls per page load (${routes || "no upstream request"})`
      );
    })
    .join("\n");
}

export function formatLadder(results: LatencyResults): string {
  const header = ["server", "level", "offered/s", "good/s", "p50 ms", "p99 ms", "max ms", "failed"];
  const more = ["slowest failed ms", "not shed", "> budget", "breaker", "client cores", "send lag ms"];
  const rows = Object.entries(results.ladder).flatMap(([server, steps]) =>
    steps.map((s) => [
      server,
      `${s.level}×`,
      f1(s.offeredPerSecond),
      f1(s.goodPerSecond),
      f0(s.p50Ms),
      f0(s.p99Ms),
      f0(s.maxMs),
      codes(s.failedByCode),
      f0(s.failedMaxMs),
      String(s.failedNotShed),
      String(s.overBudget),
      s.breakers
        ? s.breakers.opened.join("+") || (Number.isNaN(s.breakers.maxState) ? "no gauge" : "closed")
        : "-",
      f2(s.loadGeneratorCores),
      f0(s.maxSendLagMs),
    ]),
  );
  return aligned([[...header, ...more], ...rows]);
}

export function formatMemory(results: LatencyResults): string {
  const m = results.memory;
  return (
    `Memory (fresh BFF, ${m.concurrent} cold page loads at once, ${m.phase.latencyMs} ms): ${m.alive ? "alive" : "NOT ALIVE"}; ` +
    `RSS ${f0(m.rssBeforeMB)} → ${f0(m.rssAfterMB)} MB, peak ${f0(m.peakMB)} MB; ${m.phase.ok} good ` +
    `(p50 ${f0(m.phase.p50Ms)} ms, max ${f0(m.phase.maxMs)} ms), failed: ${codes(m.phase.failedByCode)} ` +
    `(slowest ${f0(m.phase.failedMaxMs)} ms); breaker ${m.breakers.opened.join("+") || "closed"}`
  );
}
