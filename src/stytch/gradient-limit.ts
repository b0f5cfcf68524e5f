/**
 * How many Stytch calls may be in flight at once, learned from how long Stytch takes to answer: a gradient
 * limit in the manner of Netflix concurrency-limits' Gradient2. Each answer's time is compared with the
 * long-term answer time of its endpoint group; while answers come as fast as usual the limit grows (by
 * √limit a round of answers), and when they come much slower (Stytch, or the network, queues our calls) it
 * shrinks in proportion. It never leaves [min, max]; max is the connection pool, so undici itself never queues.
 */
export interface GradientLimitOptions {
  initial: number;
  min: number;
  max: number;
  /** How much slower than usual an answer may be before it counts as queueing (1.5: half as slow again). */
  tolerance?: number;
  /**
   * How far one round of answers (as many as the limit) moves the limit towards its target (default 1: all
   * the way, each answer 1/limit of it). Gradient2 moves a fifth of the way per answer: a limit of 256 would
   * then be cut by a tenth by a single outlier, and to its minimum by one slow round.
   */
  smoothing?: number;
  /**
   * Time constant of a group's long-term ("not queued") answer time (default 30 s). In time rather than in
   * answers (Gradient2 counts 600 answers): at a few thousand answers a second that would be a fraction of a
   * second, and queueing would be accepted as the new normal before the limit had shrunk for it; a rare
   * group's average would hardly move at all.
   */
  longWindowMs?: number;
  /** Milliseconds, for the long-term average's time constant (default Date.now). */
  now?: () => number;
}

/** What is known of one endpoint group's answer times. */
interface GroupLatency {
  /** Long-term average: what an answer costs when nothing queues. */
  longMs: number;
  /** Average of the last ten or so answers: what the next call may expect. */
  recentMs: number;
  samples: number;
  lastAt: number;
}

/** A round of answers: as many as the limit was when it began, each as slow as it was against its group. */
interface Round {
  limit: number;
  answers: number;
  slownessSum: number;
}

/** Before this many answers a group's long-term average is a plain mean (an early outlier must not dominate). */
const WARMUP_SAMPLES = 10;
const RECENT_WEIGHT = 0.2;

export class GradientLimit {
  private estimate: number;
  private readonly tolerance: number;
  private readonly smoothing: number;
  private readonly longWindowMs: number;
  private readonly now: () => number;
  /**
   * Per group, because one shared limit serves endpoints whose answer times differ by an order of magnitude
   * (a session check ~100 ms, a search up to seconds): a burst of searches is not a sign of queueing.
   */
  private readonly latencies = new Map<string, GroupLatency>();
  private round: Round = { limit: 0, answers: 0, slownessSum: 0 };
  private lastRound: { limit: number; slowness: number } | null = null;

  constructor(private readonly options: GradientLimitOptions) {
    this.estimate = clamp(options.initial, options.min, options.max);
    this.tolerance = options.tolerance ?? 1.5;
    this.smoothing = options.smoothing ?? 1;
    this.longWindowMs = options.longWindowMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The number of calls that may be in flight now. */
  get current(): number {
    return Math.floor(this.estimate);
  }

  /** What the next call of `group` may expect to take, or undefined before its first answer. */
  expectedMs(group: string): number | undefined {
    return this.latencies.get(group)?.recentMs;
  }

  /**
   * One answer of `group`, `rttMs` after it was sent, while `inFlight` calls (itself included) were out
   * when it was admitted.
   */
  onAnswer(group: string, rttMs: number, inFlight: number): void {
    // Answers under a millisecond (a local emulator) count as one: the ratio of two near-zero times is noise.
    const rtt = Math.max(rttMs, 1);
    const latency = this.learn(group, rtt);
    // Long after an overload the long-term average still remembers the slow answers; pull it down faster
    // than its window would, or the limit would tolerate queueing for a long time.
    if (latency.longMs / rtt > 2) latency.longMs *= 0.95;
    // A limit less than half used says nothing about whether a larger one would fit: leave it alone, so that
    // a quiet hour cannot grow it to the maximum and a later burst meet no limit at all.
    if (inFlight < this.estimate / 2) return;
    this.countRound(rtt / latency.longMs);
    // No more than halved by a round of slow answers: outliers must not shed half the traffic.
    const gradient = clamp((this.tolerance * latency.longMs) / rtt, 0.5, 1);
    const target = this.estimate * gradient + Math.sqrt(this.estimate);
    const weight = Math.min(1, this.smoothing / this.estimate);
    this.estimate = clamp(
      this.estimate + (target - this.estimate) * weight,
      this.options.min,
      this.options.max,
    );
  }

  /**
   * A call that got no answer within `elapsedMs`. That is only a lower bound of its answer time, so it is
   * evidence only when already slower than usual (a request budget that cut a call short says nothing).
   */
  onTimeout(group: string, elapsedMs: number, inFlight: number): void {
    const expected = this.expectedMs(group);
    if (expected !== undefined && elapsedMs >= expected) this.onAnswer(group, elapsedMs, inFlight);
  }

  /**
   * Shrinking is an experiment: queueing that our calls cause eases when fewer are in flight. When a round run
   * at a clearly lower limit answers no faster than the round before, the slowness is not ours (Stytch or the
   * network is slower for everyone): it becomes the new normal, and the limit goes back to where it was
   * instead of starving requests for a whole long-term window.
   */
  private countRound(slowness: number): void {
    if (this.round.answers === 0) this.round.limit = this.estimate;
    this.round.answers++;
    this.round.slownessSum += slowness;
    if (this.round.answers < Math.floor(this.round.limit)) return;
    const round = { limit: this.round.limit, slowness: this.round.slownessSum / this.round.answers };
    const last = this.lastRound;
    if (last && round.limit < last.limit * 0.9 && round.slowness > last.slowness * 0.9) {
      for (const latency of this.latencies.values()) latency.longMs = latency.recentMs;
      // The experiment failed: undo it.
      this.estimate = Math.max(this.estimate, last.limit);
    }
    this.lastRound = round;
    this.round = { limit: 0, answers: 0, slownessSum: 0 };
  }

  private learn(group: string, rttMs: number): GroupLatency {
    const now = this.now();
    const known = this.latencies.get(group);
    if (!known) {
      const first = { longMs: rttMs, recentMs: rttMs, samples: 1, lastAt: now };
      this.latencies.set(group, first);
      return first;
    }
    known.samples++;
    const longWeight =
      known.samples <= WARMUP_SAMPLES
        ? 1 / known.samples
        : 1 - Math.exp(-Math.max(0, now - known.lastAt) / this.longWindowMs);
    known.lastAt = now;
    known.longMs += (rttMs - known.longMs) * longWeight;
    known.recentMs += (rttMs - known.recentMs) * RECENT_WEIGHT;
    return known;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
