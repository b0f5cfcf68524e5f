import { join } from "node:path";

/** How big the population is and how long and how hard each phase loads its server. */
export interface LatencySettings {
  mode: "full" | "quick";
  /**
   * The emulator's people, each an active member of `membershipsPerPerson` of `organizations` organizations
   * (scaleSeed). Enough people that no BFF process meets a person twice in a run, let alone a member: a
   * discovery answer names all of a person's members, so a person's second member would be half warm.
   */
  population: { people: number; organizations: number; membershipsPerPerson: number };
  /** The BFF's STYTCH_MAX_CONNECTIONS (P): a cold page load holds 2 calls, so P/2 page loads fill it. */
  poolConnections: number;
  /** Concurrent page loads of the loaded phases: P/2, the pool's capacity (so a faithful BFF sheds nothing). */
  connections: number;
  /** Upstream latencies of the page-load phases. */
  pageLoadLatencies: readonly number[];
  /** Upstream latency of the claims-only and mix censuses (counts: any latency will do; a short one is quick). */
  censusLatencyMs: number;
  /** Each timed phase: a warm-up of this long (same load, not counted), then the measured window. */
  warmupSeconds: number;
  measureSeconds: number;
  /** At 0 ms before anything is measured: V8 needs thousands of operations to settle. */
  jitWarmup: { coldRequests: number; warmSeconds: number };
  /** Members of the warm phases (they reload after one warm-up pass). */
  warmMembers: number;
  /** Claims-only census: this many distinct members, then the same JWTs again. */
  claimsRequests: number;
  /** Page-load mix census: cycles of `pageLoadsPerExchange` page loads and one exchange. */
  mix: { cycles: number; pageLoadsPerExchange: number };
  /**
   * Overload ladder at 300 ms: open-loop arrivals at these multiples of the pool's capacity, each this long,
   * then a pause (the next step starts from a quiet server), on these servers.
   */
  ladder: {
    latencyMs: number;
    levels: readonly number[];
    seconds: number;
    pauseSeconds: number;
    servers: ReadonlyArray<"BFF" | "C" | "peer">;
  };
  /** One connection, one page load at a time (warm at 0 ms, cold at 300 ms), measured this long. */
  unloaded: { warmupSeconds: number; seconds0: number; seconds300: number };
  /** Concurrent slow page loads fired at once at a fresh BFF. */
  memoryConcurrent: number;
  /** The BFF's REQUEST_BUDGET_MS (left at its default): no answer may take longer. */
  requestBudgetMs: number;
  resultsFile: string;
}

const RESULTS_DIR = join(__dirname, "..", "..", "..", "bench", "results");
const POOL = 32;

/** About 3.5 minutes on this 2-core machine. */
export const FULL: LatencySettings = {
  mode: "full",
  // The BFF's cold phases take some 5,600 members (the ladder alone 2,240), each a different person.
  population: { people: 8000, organizations: 800, membershipsPerPerson: 10 },
  poolConnections: POOL,
  connections: POOL / 2,
  pageLoadLatencies: [100, 300],
  censusLatencyMs: 100,
  warmupSeconds: 1,
  measureSeconds: 4,
  jitWarmup: { coldRequests: 1000, warmSeconds: 1.5 },
  warmMembers: 20,
  claimsRequests: 400,
  mix: { cycles: 30, pageLoadsPerExchange: 20 },
  ladder: { latencyMs: 300, levels: [1, 2, 4], seconds: 6, pauseSeconds: 1, servers: ["BFF", "C", "peer"] },
  unloaded: { warmupSeconds: 0.5, seconds0: 3, seconds300: 5 },
  memoryConcurrent: 1000,
  requestBudgetMs: 5000,
  resultsFile: join(RESULTS_DIR, "latest.json"),
};

/**
 * A smoke run (≤ 40 s): every target's figure from short windows, page loads at 300 ms only, the ladder at 1×
 * and 4× on the BFF alone (its targets are the BFF's), a smaller population and memory wave. Timings are
 * indicative only.
 */
export const QUICK: LatencySettings = {
  ...FULL,
  mode: "quick",
  population: { people: 1500, organizations: 150, membershipsPerPerson: 10 },
  pageLoadLatencies: [300],
  warmupSeconds: 0.2,
  measureSeconds: 1,
  jitWarmup: { coldRequests: 150, warmSeconds: 0.2 },
  claimsRequests: 64,
  mix: { cycles: 3, pageLoadsPerExchange: 20 },
  ladder: { latencyMs: 300, levels: [1, 4], seconds: 1, pauseSeconds: 0.3, servers: ["BFF"] },
  unloaded: { warmupSeconds: 0.2, seconds0: 0.8, seconds300: 1 },
  memoryConcurrent: 300,
  // Its own file: jest runs this beside the main quick bench, which rewrites quick.json.
  resultsFile: join(RESULTS_DIR, "latency-quick.json"),
};
