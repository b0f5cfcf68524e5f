import { closedLoop } from "./load/loops";
import { cycle, each, type LatencySubject } from "./requests";
import { cursorOf, type Bench } from "./scenarios/bench";
import { claimsCensus, mixCensus, type MixResult } from "./scenarios/census";
import { overloadLadder, type LadderStep } from "./scenarios/ladder";
import type { PhaseResult } from "./scenarios/measure";
import { memoryBurst, type MemoryResult } from "./scenarios/memory";
import { coldPageLoads, warmPageLoads } from "./scenarios/page-load";

export interface LatencyResults {
  claims: { cold: PhaseResult; warm: PhaseResult };
  mix: { warm: MixResult; cold: MixResult };
  /** Loaded page loads: every (latency, cache, server) measured. */
  pageLoads: PhaseResult[];
  /** One client: warm at 0 ms, cold at 300 ms. */
  unloaded: PhaseResult[];
  ladder: Record<string, LadderStep[]>;
  memory: MemoryResult;
}

/**
 * Every phase, in an order that keeps each one's conditions clean: JIT warm-up and the 0 ms unloaded latency
 * first, the counts at a short latency, the page loads by latency, then what may leave a server scarred (the
 * overload ladder) last, and the thundering herd on a fresh BFF.
 */
export async function runPlan(bench: Bench): Promise<LatencyResults> {
  const { subjects } = bench.stack;
  const { settings } = bench;
  await bench.stack.setLatency(0);
  for (const subject of [subjects.BFF, subjects.peer, subjects.C]) await jitWarmup(bench, subject);
  bench.log("servers warmed up (JIT)");
  const unloaded: PhaseResult[] = [];
  const one = { clients: 1, scenario: "unloaded", warmupSeconds: settings.unloaded.warmupSeconds };
  for (const subject of [subjects.BFF, subjects.peer]) {
    unloaded.push(
      await warmPageLoads(bench, subject, 0, { ...one, measureSeconds: settings.unloaded.seconds0 }),
    );
  }

  await bench.stack.setLatency(settings.censusLatencyMs);
  const claims = await claimsCensus(bench, settings.censusLatencyMs);
  const mix = {
    warm: await mixCensus(bench, settings.censusLatencyMs, "warm"),
    cold: await mixCensus(bench, settings.censusLatencyMs, "cold"),
  };

  const pageLoads: PhaseResult[] = [];
  for (const latencyMs of settings.pageLoadLatencies) {
    await bench.stack.setLatency(latencyMs);
    for (const subject of [subjects.BFF, subjects.C, subjects.peer]) {
      pageLoads.push(await coldPageLoads(bench, subject, latencyMs));
    }
    for (const subject of [subjects.BFF, subjects.peer])
      pageLoads.push(await warmPageLoads(bench, subject, latencyMs));
  }

  const slow = settings.ladder.latencyMs;
  await bench.stack.setLatency(slow);
  for (const subject of [subjects.BFF, subjects.peer]) {
    const cold = { ...one, warmupSeconds: 0, measureSeconds: settings.unloaded.seconds300 };
    unloaded.push(await coldPageLoads(bench, subject, slow, cold));
  }
  const ladder: Record<string, LadderStep[]> = {};
  for (const subject of settings.ladder.servers.map((name) => subjects[name])) {
    ladder[subject.name] = await overloadLadder(
      bench,
      subject,
      subject === subjects.BFF ? bench.stack.bffMetrics : undefined,
    );
  }
  const memory = await memoryBurst(bench, slow);
  return { claims, mix, pageLoads, unloaded, ladder, memory };
}

/**
 * V8 needs thousands of operations to settle, far more than a phase's warm-up: cold page loads (the paths a
 * new member takes) and, where there is a cache, the warm set reloading.
 */
async function jitWarmup(bench: Bench, subject: LatencySubject): Promise<void> {
  const { connections, jitWarmup: jit, warmMembers } = bench.settings;
  const origin = subject.server.origin;
  const cold = (await cursorOf(bench, subject).take(jit.coldRequests)).map((c) => subject.pageLoad(c));
  await closedLoop({ origin, connections, seconds: Infinity, source: each(cold) });
  if (subject.name === "C") return;
  const warm = (await bench.stack.members.warmSet(warmMembers)).map((c) => subject.pageLoad(c));
  await closedLoop({ origin, connections, seconds: jit.warmSeconds, source: cycle(warm) });
}
