import { holds, type Target } from "../../report/targets";
import type { LatencyResults } from "../plan";
import type { PhaseResult } from "../scenarios/measure";
import type { LatencySettings } from "../settings";

type Draft = Omit<Target, "pass">;

/** The latency bench's targets, in the main bench's format; ids are prefixed `latency.`. */
export function latencyTargets(results: LatencyResults, settings: LatencySettings): Target[] {
  const drafts = [
    ...countTargets(results, settings),
    ...pageLoadTargets(results, settings),
    ...unloadedTargets(results, settings),
    ...overloadTargets(results, settings),
    ...answerTargets(results),
  ];
  return drafts.map((t) => ({ ...t, id: `latency.${t.id}`, pass: holds(t.measured, t.comparison, t.limit) }));
}

function countTargets(r: LatencyResults, s: LatencySettings): Draft[] {
  const census = (n: number) =>
    `upstream requests (any route, JWKS included) / requests, over ${n} answered requests at ${s.connections} clients`;
  const mixHow =
    `upstream requests other than the exchanges' own sessions.exchange / page loads; ${s.mix.cycles} cycles of ` +
    `${s.mix.pageLoadsPerExchange} page loads and 1 exchange (Ada's bearer token → hooli)`;
  return [
    ...(["cold", "warm"] as const).map((cache) => ({
      id: `claims.${cache}.upstreamCalls`,
      name: `claims-only query (${cache}): upstream calls per request`,
      measured: r.claims[cache].upstreamPerRequest,
      comparison: "==" as const,
      limit: 0,
      structural: true,
      how:
        census(s.claimsRequests) +
        (cache === "warm" ? ", the same JWTs a second time" : ", distinct members"),
    })),
    {
      id: "mix.warm.callsPerPageLoad",
      name: "page-load mix (warm): upstream calls per page load",
      measured: r.mix.warm.callsPerPageLoad,
      comparison: "<=",
      limit: 0.05,
      structural: true,
      how: `${mixHow}; the ${s.warmMembers} warm members, after one pass over them`,
    },
    {
      id: "mix.cold.callsPerPageLoad",
      name: "page-load mix (cold): upstream calls per page load",
      measured: r.mix.cold.callsPerPageLoad,
      comparison: "<=",
      limit: 2,
      structural: true,
      how: `${mixHow}; every page load a member the BFF has never seen`,
    },
    {
      id: "memory.alive",
      name: `memory: alive after ${r.memory.concurrent} concurrent slow page loads (1 = yes)`,
      measured: r.memory.alive ? 1 : 0,
      comparison: "==",
      limit: 1,
      structural: true,
      how: `a fresh BFF, ${r.memory.concurrent} cold page loads sent at once at ${r.memory.phase.latencyMs} ms; process running and /readyz 200 afterwards (peak RSS ${r.memory.peakMB.toFixed(0)} MB)`,
    },
  ];
}

function find(results: PhaseResult[], scenario: string, latencyMs: number, cache: string, server: string) {
  const found = results.find(
    (p) => p.scenario === scenario && p.latencyMs === latencyMs && p.cache === cache && p.server === server,
  );
  if (!found) throw new Error(`no ${scenario} ${cache} ${latencyMs} ms ${server} phase`);
  return found;
}

/** A ratio of timings from the same run (not structural: it moves with the machine's load). */
const ratio = (
  id: string,
  name: string,
  measured: number,
  comparison: Target["comparison"],
  limit: number,
  how: string,
): Draft => ({ id, name, measured, comparison, limit, structural: false, how });

function pageLoadTargets(r: LatencyResults, s: LatencySettings): Draft[] {
  const page = (cache: string, server: string) => find(r.pageLoads, "page load", 300, cache, server);
  const [bff, c, peer] = ["BFF", "C", "peer"].map((server) => page("cold", server));
  const how = `successful answers/s at ${s.connections} clients (P/2), by Little's law over ${s.measureSeconds} s after ${s.warmupSeconds} s of warm-up`;
  return [
    ratio(
      "pageLoad300.cold.throughputVsC",
      "300 ms cold page load: throughput / anchor C's",
      bff.goodPerSecond / c.goodPerSecond,
      ">=",
      0.9,
      how,
    ),
    ratio(
      "pageLoad300.cold.throughputVsPeer",
      "300 ms cold page load: throughput / the naive peer's",
      bff.goodPerSecond / peer.goodPerSecond,
      ">=",
      1.5,
      how,
    ),
    ratio(
      "pageLoad300.cold.p50AddedOverC",
      "300 ms cold page load: p50 added over anchor C's (ms)",
      bff.p50Ms - c.p50Ms,
      "<=",
      20,
      `p50 of successful answers, ${how}`,
    ),
    ratio(
      "pageLoad300.warm.throughputVsPeer",
      "300 ms warm page load: throughput / the naive peer's",
      page("warm", "BFF").goodPerSecond / page("warm", "peer").goodPerSecond,
      ">=",
      10,
      `${how}; the ${s.warmMembers} warm members reloading`,
    ),
  ];
}

function unloadedTargets(r: LatencyResults, s: LatencySettings): Draft[] {
  const p99 = (latencyMs: number, cache: string, server: string) =>
    find(r.unloaded, "unloaded", latencyMs, cache, server).p99Ms;
  return [
    ratio(
      "unloaded0.warm.p99VsPeer",
      "unloaded page load, 0 ms, warm: p99 / the naive peer's",
      p99(0, "warm", "BFF") / p99(0, "warm", "peer"),
      "<=",
      1.2,
      `1 client, one page load at a time for ${s.unloaded.seconds0} s, the warm members`,
    ),
    ratio(
      "unloaded300.cold.p99VsPeer",
      "unloaded page load, 300 ms, cold: p99 / the naive peer's",
      p99(300, "cold", "BFF") / p99(300, "cold", "peer"),
      "<=",
      1.2,
      `1 client, one page load at a time for ${s.unloaded.seconds300} s, members never seen (few answers: p99 is about the slowest)`,
    ),
  ];
}

function overloadTargets(r: LatencyResults, s: LatencySettings): Draft[] {
  const steps = r.ladder.BFF;
  const [first, last] = [steps[0], steps[steps.length - 1]];
  const how = `open-loop cold page loads at ${s.ladder.levels.join("×, ")}× the pool's capacity (P/2 page loads per ${s.ladder.latencyMs} ms = ${first.offeredPerSecond.toFixed(1)}/s), ${s.ladder.seconds} s each`;
  const breakerReadings = steps.map((step) => step.breakers?.maxState ?? NaN);
  const opened = breakerReadings.some(Number.isNaN)
    ? NaN
    : steps.filter((step) => step.breakers!.opened.length > 0).length;
  const sum = (f: (step: (typeof steps)[number]) => number) =>
    steps.reduce((total, step) => total + f(step), 0);
  return [
    {
      id: "overload.goodputAtTopVs1x",
      name: `overload: goodput at ${last.level}× / goodput at ${first.level}×`,
      measured: last.goodPerSecond / first.goodPerSecond,
      comparison: ">=",
      limit: 0.9,
      structural: false,
      how: `successful answers arriving within the offered window shifted by one round trip, per second; ${how}`,
    },
    {
      id: "overload.slowerThanBudget",
      name: `overload: answers slower than REQUEST_BUDGET_MS (${s.requestBudgetMs} ms)`,
      measured: sum((step) => step.overBudget),
      comparison: "==",
      limit: 0,
      structural: false,
      how: `every answer, successful or not, timed from its send; ${how}`,
    },
    {
      id: "overload.shedMaxMs",
      name: "overload: slowest failed (shed) answer (ms)",
      measured: Math.max(0, ...steps.map((step) => step.failedMaxMs)),
      comparison: "<",
      limit: 50,
      structural: false,
      how: `0 when nothing failed; ${how}`,
    },
    {
      id: "overload.shedNotRetryable",
      name: "overload: failed answers not UPSTREAM_UNAVAILABLE / RATE_LIMITED with retryAfter",
      measured: sum((step) => step.failedNotShed),
      comparison: "==",
      limit: 0,
      structural: true,
      how: `extensions.code and extensions.retryAfter (or a Retry-After header) of every failed answer; ${how}`,
    },
    {
      id: "overload.breakerOpened",
      name: "overload: ladder steps during which a circuit breaker opened",
      measured: opened,
      comparison: "==",
      limit: 0,
      structural: true,
      how: `bff_circuit_breaker_state scraped every 100 ms (NaN: gauge not found); ${how}`,
    },
  ];
}

/** Outside the brief's list, kept because every other figure rests on them. */
function answerTargets(r: LatencyResults): Draft[] {
  const all = [
    r.claims.cold,
    r.claims.warm,
    r.mix.warm.phase,
    r.mix.cold.phase,
    ...r.pageLoads,
    ...r.unloaded,
    ...Object.values(r.ladder).flat(),
    r.memory.phase,
  ];
  const calm = [
    r.claims.cold,
    r.claims.warm,
    r.mix.warm.phase,
    r.mix.cold.phase,
    ...r.pageLoads,
    ...r.unloaded,
  ];
  return [
    {
      id: "answers.wrongMember",
      name: "answers about another member than the JWT's",
      measured: all.reduce((n, p) => n + p.wrongMember, 0),
      comparison: "==",
      limit: 0,
      structural: true,
      how: "viewer.member.id (C: member.member_id) of every successful-looking answer, every phase, every server",
    },
    {
      id: "answers.failedOutsideOverload",
      name: "failed answers outside the overload and memory phases",
      measured: calm.reduce((n, p) => n + p.failed, 0),
      comparison: "==",
      limit: 0,
      structural: true,
      how: "non-200, GraphQL errors or incomplete answers at P/2 clients or fewer, every server",
    },
  ];
}
