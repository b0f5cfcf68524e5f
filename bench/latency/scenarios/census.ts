import { closedLoop } from "../load/loops";
import { cycle, each, interleave, limit, type RequestSource } from "../requests";
import { cursorOf, warmPass, type Bench } from "./bench";
import { measured, type PhaseResult } from "./measure";

/**
 * Exact upstream calls of a fixed number of requests (every one answered, the upstream's counters read
 * before and after), at the loaded phases' concurrency.
 */
function census(
  bench: Bench,
  scenario: string,
  latencyMs: number,
  cache: "cold" | "warm",
  source: RequestSource,
) {
  const subject = bench.stack.subjects.BFF;
  const { connections, requestBudgetMs } = bench.settings;
  return measured(subject, bench.stack.upstream, { scenario, latencyMs, cache }, requestBudgetMs, () =>
    closedLoop({ origin: subject.server.origin, connections, seconds: Infinity, source }),
  );
}

/**
 * The claims-only query (everything it asks is in the JWT) for members the BFF has never seen, then the same
 * JWTs again: the BFF's upstream calls per request, cold and warm.
 */
export async function claimsCensus(
  bench: Bench,
  latencyMs: number,
): Promise<{ cold: PhaseResult; warm: PhaseResult }> {
  const bff = bench.stack.subjects.BFF;
  const credentials = await cursorOf(bench, bff).take(bench.settings.claimsRequests);
  const requests = credentials.map((c) => bff.claims(c));
  const cold = await census(bench, "claims-only", latencyMs, "cold", each(requests));
  const warm = await census(bench, "claims-only", latencyMs, "warm", each(requests));
  bench.log(
    `claims-only ${latencyMs} ms: ${cold.upstreamPerRequest.toFixed(3)} upstream/request cold, ` +
      `${warm.upstreamPerRequest.toFixed(3)} warm`,
  );
  return { cold, warm };
}

export interface MixResult {
  phase: PhaseResult;
  pageLoads: number;
  exchanges: number;
  /** Upstream requests other than the exchanges' own sessions.exchange, per page load. */
  callsPerPageLoad: number;
  /** sessions.exchange requests per exchange (1: a switch always asks Stytch). */
  exchangeCallsPerExchange: number;
}

/**
 * What a frontend sends: page loads, and now and then an organization switch (Ada's bearer token into
 * hooli). Warm: the warm set (after one pass over it); cold: members the BFF has never seen.
 */
export async function mixCensus(bench: Bench, latencyMs: number, cache: "cold" | "warm"): Promise<MixResult> {
  const bff = bench.stack.subjects.BFF;
  const { cycles, pageLoadsPerExchange: every } = bench.settings.mix;
  const pageLoads = cycles * every;
  let source: RequestSource;
  if (cache === "warm") {
    const warm = (await bench.stack.members.warmSet(bench.settings.warmMembers)).map((c) => bff.pageLoad(c));
    await warmPass(bff, warm);
    source = limit(
      interleave(cycle(warm), () => bff.exchange(), every),
      pageLoads + cycles,
    );
  } else {
    const cold = (await cursorOf(bench, bff).take(pageLoads)).map((c) => bff.pageLoad(c));
    source = interleave(each(cold), () => bff.exchange(), every);
  }
  const phase = await census(bench, "page-load mix", latencyMs, cache, source);
  const exchangeCalls = phase.upstreamRequests["sessions.exchange"] ?? 0;
  const allCalls = Object.values(phase.upstreamRequests).reduce((sum, n) => sum + n, 0);
  const result = {
    phase,
    pageLoads,
    exchanges: cycles,
    callsPerPageLoad: (allCalls - exchangeCalls) / pageLoads,
    exchangeCallsPerExchange: exchangeCalls / cycles,
  };
  bench.log(
    `page-load mix ${cache} ${latencyMs} ms: ${result.callsPerPageLoad.toFixed(3)} upstream calls/page load`,
  );
  return result;
}
