import { join } from "node:path";

/** How long and how hard each phase loads its server; the same for every server of a run. */
export interface BenchSettings {
  mode: "full" | "quick";
  /** Concurrent keep-alive connections of every loaded phase. */
  connections: number;
  /** Before each measured run, the same server and operation for this long (connections, caches). */
  warmupSeconds: number;
  measureSeconds: number;
  /** After a timed run, requests it cut off finish on the server before counters are read. */
  settleMs: number;
  /** A measured window goes on past measureSeconds until it has this many answers (so never empty). */
  minAnswers: number;
  /** Unloaded latency: one connection, one request at a time, on these servers (exchangeSession only). */
  unloaded: { warmupSeconds: number; measureSeconds: number; servers: readonly string[] };
  /**
   * Before the rounds, each anchor answers each of its operations this many times (at most maxSeconds): V8
   * needs thousands of operations to settle, far more than a phase's warm-up. The BFF gets its share, and
   * more, from the memory run, which comes first.
   */
  jitWarmup: { operations: number; maxSeconds: number };
  /**
   * Right before the rounds, the servers that call Stytch (C, BFF) load each such operation for this long:
   * undici opens pool connections on demand, at each new peak of concurrent calls, and the rounds' figure
   * of new connections is about reuse once the pool has met its load.
   */
  poolWarmupSeconds: number;
  /** Anchor A (bare node:http) is in no target: quick mode leaves it out to stay within 30 s. */
  anchorA: boolean;
  /** Operations per BFF operation in the exact upstream-call count (every request answered). */
  censusOperations: number;
  /** Memory: RSS of the freshly started BFF after `early` operations, then after `late` in all. */
  memory: { early: number; late: number; scaledDown: boolean };
  resultsFile: string;
}

const RESULTS_DIR = join(__dirname, "..", "..", "bench", "results");

/** About 4 minutes on this 2-core machine. */
export const FULL: BenchSettings = {
  mode: "full",
  connections: 50,
  warmupSeconds: 1,
  measureSeconds: 3,
  settleMs: 150,
  minAnswers: 1,
  unloaded: { warmupSeconds: 0.3, measureSeconds: 1.5, servers: ["A", "B", "C", "BFF"] },
  jitWarmup: { operations: 5000, maxSeconds: 3 },
  poolWarmupSeconds: 2,
  anchorA: true,
  censusOperations: 1000,
  memory: { early: 10_000, late: 100_000, scaledDown: false },
  resultsFile: join(RESULTS_DIR, "latest.json"),
};

/**
 * For the jest test and a quick look (≤ 30 s): every target's figure, far less precise (short windows, little
 * JIT warm-up, no pool warm-up); no anchor A; memory counts scaled down (400 and 2,000 operations).
 */
export const QUICK: BenchSettings = {
  mode: "quick",
  connections: 50,
  warmupSeconds: 0.1,
  measureSeconds: 0.25,
  settleMs: 50,
  minAnswers: 20,
  unloaded: { warmupSeconds: 0.1, measureSeconds: 0.25, servers: ["C", "BFF"] },
  jitWarmup: { operations: 500, maxSeconds: 0.2 },
  poolWarmupSeconds: 0,
  anchorA: false,
  censusOperations: 100,
  memory: { early: 400, late: 2_000, scaledDown: true },
  resultsFile: join(RESULTS_DIR, "quick.json"),
};
