import { watchBreakers, type BreakerWatch } from "../breakers";
import { memoryMB } from "../../harness/proc-stats";
import { burst } from "../load/loops";
import { cursorOf, type Bench } from "./bench";
import { measured, type PhaseResult } from "./measure";

export interface MemoryResult {
  concurrent: number;
  phase: PhaseResult;
  /** The process still runs and /readyz answers 200 once every answer is in. */
  alive: boolean;
  rssBeforeMB: number;
  rssAfterMB: number;
  /** VmHWM: the most resident memory the process ever held. */
  peakMB: number;
  breakers: BreakerWatch;
}

/**
 * A fresh BFF as shipped gets `memoryConcurrent` slow (the upstream's current latency) cold page loads all at
 * once: does it survive a thundering herd, and how much memory does the herd cost it?
 */
export async function memoryBurst(bench: Bench, latencyMs: number): Promise<MemoryResult> {
  const { subject, metrics } = await bench.stack.startBff("BFF (memory)");
  const concurrent = bench.settings.memoryConcurrent;
  try {
    const requests = (await cursorOf(bench, subject).take(concurrent)).map((c) => subject.pageLoad(c));
    const rssBeforeMB = memoryMB(subject.server.pid).rss;
    const watch = watchBreakers(metrics);
    const label = { scenario: `memory: ${concurrent} at once`, latencyMs, cache: "cold" as const };
    const phase = await measured(subject, bench.stack.upstream, label, bench.settings.requestBudgetMs, () =>
      burst(subject.server.origin, requests),
    );
    const breakers = await watch.stop();
    const memory = alive(subject.server.pid) ? memoryMB(subject.server.pid) : { rss: NaN, peak: NaN };
    const ready = await fetch(`${subject.server.origin}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    const result = {
      concurrent,
      phase,
      alive: ready && alive(subject.server.pid),
      rssBeforeMB,
      rssAfterMB: memory.rss,
      peakMB: memory.peak,
      breakers,
    };
    bench.log(
      `memory: ${concurrent} at once: ${phase.ok} good, failed ${JSON.stringify(phase.failedByCode)}; ` +
        `${result.alive ? "alive" : "DEAD"}, peak RSS ${result.peakMB.toFixed(0)} MB`,
    );
    return result;
  } finally {
    await subject.server.stop();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
