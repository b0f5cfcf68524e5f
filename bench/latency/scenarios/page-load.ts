import { closedLoop } from "../load/loops";
import { cycle, each, type LatencySubject, type RequestSource } from "../requests";
import { coldEstimate, cursorOf, warmPass, type Bench } from "./bench";
import { measured, type PhaseResult } from "./measure";

/** Defaults: the loaded phases' clients and windows. */
export interface PhaseOptions {
  clients?: number;
  warmupSeconds?: number;
  measureSeconds?: number;
  scenario?: string;
}

function withDefaults(bench: Bench, options: PhaseOptions) {
  return {
    clients: options.clients ?? bench.settings.connections,
    seconds: {
      warmup: options.warmupSeconds ?? bench.settings.warmupSeconds,
      measure: options.measureSeconds ?? bench.settings.measureSeconds,
    },
    scenario: options.scenario ?? "page load",
  };
}

/**
 * Page loads of members this server process has never seen (each one once), after a warm-up of others: what
 * a server costs and how fast it answers when nothing about the caller is known yet.
 */
export async function coldPageLoads(
  bench: Bench,
  subject: LatencySubject,
  latencyMs: number,
  options: PhaseOptions = {},
): Promise<PhaseResult> {
  const { clients, seconds, scenario } = withDefaults(bench, options);
  const count = coldEstimate(clients, seconds.warmup + seconds.measure, latencyMs);
  const credentials = await cursorOf(bench, subject).take(count);
  const source = each(credentials.map((c) => subject.pageLoad(c)));
  return timedPhase(bench, subject, { scenario, latencyMs, cache: "cold" }, source, clients, seconds);
}

/**
 * The warm set reloading: one pass over its members first (what a cache would learn), then the same members
 * again and again.
 */
export async function warmPageLoads(
  bench: Bench,
  subject: LatencySubject,
  latencyMs: number,
  options: PhaseOptions = {},
): Promise<PhaseResult> {
  const { clients, seconds, scenario } = withDefaults(bench, options);
  const requests = (await bench.stack.members.warmSet(bench.settings.warmMembers)).map((c) =>
    subject.pageLoad(c),
  );
  await warmPass(subject, requests);
  const label = { scenario, latencyMs, cache: "warm" as const };
  return timedPhase(bench, subject, label, cycle(requests), clients, seconds);
}

/** A warm-up, then the measured window, both drawing on the same source. */
async function timedPhase(
  bench: Bench,
  subject: LatencySubject,
  label: { scenario: string; latencyMs: number; cache: "cold" | "warm" },
  source: RequestSource,
  clients: number,
  seconds: { warmup: number; measure: number },
): Promise<PhaseResult> {
  const origin = subject.server.origin;
  if (seconds.warmup > 0) await closedLoop({ origin, connections: clients, seconds: seconds.warmup, source });
  const result = await measured(subject, bench.stack.upstream, label, bench.settings.requestBudgetMs, () =>
    closedLoop({ origin, connections: clients, seconds: seconds.measure, source }),
  );
  bench.log(
    `${label.scenario} ${label.cache} ${label.latencyMs} ms ${subject.name} (${clients} clients): ` +
      `${result.goodPerSecond.toFixed(1)} good/s, p50 ${result.p50Ms.toFixed(1)} ms, ` +
      `${result.upstreamPerRequest.toFixed(2)} upstream/request` +
      (result.failed ? `, ${result.failed} failed ${JSON.stringify(result.failedByCode)}` : "") +
      (result.exhausted ? " (ran out of cold members)" : ""),
  );
  return result;
}
