import type { LoadRun } from "./loops";

/** A refusal a client can act on: the BFF's codes for "not now", each with a retry hint. */
export const SHED_CODES: readonly string[] = ["UPSTREAM_UNAVAILABLE", "RATE_LIMITED"];

export interface LoadSummary {
  sent: number;
  ok: number;
  failed: number;
  /**
   * Successful answers per second. Closed loop: answers ÷ (their summed latency ÷ clients), Little's law,
   * exact for clients without think time and free of the window edges' quantization (at 300–600 ms a 4 s
   * window holds only 7–13 round trips per client). Open loop: those arriving within the offered window, one
   * round trip later (a burst: all of them over its duration).
   */
  goodPerSecond: number;
  /** Latency of the successful answers (ms). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failedByCode: Record<string, number>;
  /** The slowest failure (ms; 0 when none failed): a shed request must fail fast. */
  failedMaxMs: number;
  /** Failures that are not a prompt, retryable refusal: another code, or no retry hint. */
  failedNotShed: number;
  /** Answers of any kind slower than the BFF's request budget. */
  overBudget: number;
  wrongMember: number;
  exhausted: boolean;
  loadGeneratorCores: number;
  maxSendLagMs: number;
}

export function summarize(run: LoadRun, budgetMs: number): LoadSummary {
  const good = run.samples.filter((s) => s.outcome.ok).map((s) => s.latencyMs);
  const bad = run.samples.filter((s) => !s.outcome.ok);
  const failedByCode: Record<string, number> = {};
  for (const { outcome } of bad) failedByCode[outcome.code!] = (failedByCode[outcome.code!] ?? 0) + 1;
  return {
    sent: run.samples.length,
    ok: good.length,
    failed: bad.length,
    goodPerSecond: goodput(run),
    p50Ms: percentile(good, 0.5),
    p99Ms: percentile(good, 0.99),
    maxMs: good.length ? good.reduce((max, ms) => Math.max(max, ms), 0) : NaN,
    failedByCode,
    failedMaxMs: bad.reduce((max, s) => Math.max(max, s.latencyMs), 0),
    failedNotShed: bad.filter((s) => !(SHED_CODES.includes(s.outcome.code!) && s.outcome.retryAfter)).length,
    overBudget: run.samples.filter((s) => s.latencyMs > budgetMs).length,
    wrongMember: run.samples.filter((s) => s.outcome.wrongMember).length,
    exhausted: run.exhausted,
    loadGeneratorCores: run.loadGeneratorCores,
    maxSendLagMs: run.maxSendLagMs,
  };
}

function goodput(run: LoadRun): number {
  const good = run.samples.filter((s) => s.outcome.ok);
  if (run.model === "closed") {
    const busySeconds = run.samples.reduce((sum, s) => sum + s.latencyMs, 0) / 1000;
    return busySeconds > 0 ? (good.length * run.connections) / busySeconds : 0;
  }
  if (run.offeredSeconds === 0) return good.length / run.elapsedSeconds;
  const [from, to] = [run.goodputFromMs, run.goodputFromMs + run.offeredSeconds * 1000];
  const arrived = good.filter((s) => s.sentAtMs + s.latencyMs >= from && s.sentAtMs + s.latencyMs < to);
  return arrived.length / run.offeredSeconds;
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
