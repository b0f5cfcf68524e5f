import { watchBreakers, type BreakerWatch } from "../breakers";
import { openLoop } from "../load/loops";
import { each, type LatencySubject } from "../requests";
import { cursorOf, type Bench } from "./bench";
import { measured, type PhaseResult } from "./measure";

/** The BFF breakers' default cooldown (5 s), and a margin. */
const BREAKER_COOLDOWN_SECONDS = 5.5;

export interface LadderStep extends PhaseResult {
  /** Offered load as a multiple of the BFF pool's capacity. */
  level: number;
  offeredPerSecond: number;
  /** The BFF only: its breaker gauge during the step. */
  breakers?: BreakerWatch;
}

/**
 * The BFF pool's capacity in cold page loads per second: each holds 2 of its P connections for one round
 * trip, so P/2 page loads at a time, each lasting the upstream's latency.
 */
export function capacityPerSecond(bench: Bench): number {
  return bench.settings.poolConnections / 2 / (bench.settings.ladder.latencyMs / 1000);
}

/**
 * Cold page loads arriving at 1×, 2×, 4× that capacity (open loop: an overloaded server cannot slow the
 * arrivals down, and its fast refusals cannot turn into a retry storm of the load generator's making). What a
 * server does past its capacity: keep its goodput, refuse the rest at once, or queue everyone into timeouts.
 */
export async function overloadLadder(
  bench: Bench,
  subject: LatencySubject,
  metrics?: string,
): Promise<LadderStep[]> {
  const { latencyMs, levels, seconds, pauseSeconds } = bench.settings.ladder;
  const steps: LadderStep[] = [];
  for (const [index, level] of levels.entries()) {
    const rate = level * capacityPerSecond(bench);
    const credentials = await cursorOf(bench, subject).take(Math.ceil(rate * seconds) + 1);
    const source = each(credentials.map((c) => subject.pageLoad(c)));
    const watch = metrics ? watchBreakers(metrics) : undefined;
    const label = { scenario: `overload ${level}×`, latencyMs, cache: "cold" as const };
    const phase = await measured(subject, bench.stack.upstream, label, bench.settings.requestBudgetMs, () =>
      openLoop({ origin: subject.server.origin, rate, seconds, source, roundTripMs: latencyMs }),
    );
    const step: LadderStep = { ...phase, level, offeredPerSecond: rate, breakers: await watch?.stop() };
    steps.push(step);
    bench.log(
      `overload ${level}× ${subject.name} (${rate.toFixed(0)} req/s offered): ${phase.goodPerSecond.toFixed(1)} good/s, ` +
        `p99 ${phase.p99Ms.toFixed(0)} ms, failed ${JSON.stringify(phase.failedByCode)} (slowest ${phase.failedMaxMs.toFixed(0)} ms)` +
        (step.breakers?.opened.length ? `, breaker opened: ${step.breakers.opened.join(", ")}` : ""),
    );
    // The next step starts from a quiet server, not from the tail of this one's backlog, nor behind a breaker
    // this one opened (it stays open for its cooldown, then lets a trial call through).
    const pause = step.breakers?.opened.length
      ? Math.max(pauseSeconds, BREAKER_COOLDOWN_SECONDS)
      : pauseSeconds;
    if (index < levels.length - 1) await new Promise((resolve) => setTimeout(resolve, pause * 1000));
  }
  return steps;
}
