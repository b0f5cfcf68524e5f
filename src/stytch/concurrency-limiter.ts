import { GradientLimit } from "./gradient-limit";
import { WaitingLine } from "./waiting-line";

/** Time and timers, injectable so that tests drive deadlines without sleeping. */
export interface LimiterClock {
  /** Epoch milliseconds (the clock request deadlines are set on). */
  now(): number;
  /** Calls `fire` once after `ms`; returns what cancels it. */
  schedule(fire: () => void, ms: number): () => void;
}

export const SYSTEM_CLOCK: LimiterClock = {
  now: Date.now,
  schedule: (fire, ms) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

export interface ConcurrencyLimiterOptions {
  /** The most calls ever in flight: the connection pool's size. */
  max: number;
  /** The least the limit shrinks to (default 4, or `max` if smaller). */
  min?: number;
  /**
   * Where the limit starts (default `max`): nothing is known to be wrong with Stytch yet, and an instance
   * that starts during a rolling deploy must not shed its share of the traffic while it learns.
   */
  initial?: number;
  /** The group whose calls get a reserved floor of the limit. */
  reservedGroup: string;
  /** The floor kept for `reservedGroup`, as a fraction of the current limit (default 0.25). */
  reservedFraction?: number;
  /**
   * Calls waiting beyond this many are refused at once (default 16 × `max`): only a bound on memory, since
   * each waiter is refused anyway when its deadline could not be met.
   */
  maxQueued?: number;
  clock?: LimiterClock;
}

/** A slot in the limit, held from admission until `release`. */
export interface Permit {
  readonly group: string;
  /** Calls in flight once this one was admitted (itself included): whether the limit was being used. */
  readonly inFlightAtAdmission: number;
  readonly admittedAt: number;
  released: boolean;
}

export type Admission = { admitted: true; permit: Permit } | { admitted: false; retryAfterSeconds: number };

/** What metrics read at scrape time. */
export interface ConcurrencySnapshot {
  limit: number;
  inFlight: number;
  queued: number;
}

interface Waiter {
  readonly group: string;
  readonly deadline: number;
  enter(permit: Permit): void;
  /** Refused when its turn came too late to be answered in time. */
  refuse(): void;
  cancelGiveUp(): void;
}

/** Weight of each call's holding time in the average that predicts how fast slots free up. */
const HOLD_WEIGHT = 0.1;
/** How much longer than on average a wait or an answer may take, for a call to be worth queueing. */
const SLACK = 1.5;
/** The longest a shed client is told to wait: beyond it the prediction means little anyway. */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * One adaptive limit on the calls in flight to Stytch, shared by every endpoint group and work-conserving:
 * any group may use whatever is free, except a floor of the limit that only the reserved group (sessions:
 * sign-ins and switches) may take. Calls beyond the limit wait, each at most until its own deadline, in order
 * of their requests' deadlines (the oldest request first), whatever their group: a request's calls (a page
 * load's authenticate, then its discovery) go out before a newer request's, where serving calls as they come
 * would let new requests' first calls starve the second calls of requests already half done, wasting the half
 * that was served. The floor alone keeps sessions from being starved. A call that could not be answered
 * within its deadline anyway
 * (predicted from its place in line and how fast the line moves) is refused at once, so that a client is
 * told to come back rather than have its budget eaten by waiting.
 */
export class ConcurrencyLimiter {
  readonly limit: GradientLimit;
  private reservedInFlight = 0;
  private othersInFlight = 0;
  /** How long a slot is held (admission to release), on average. */
  private holdMs: number | undefined;
  private readonly reservedLine = new WaitingLine<Waiter>();
  private readonly othersLine = new WaitingLine<Waiter>();
  private readonly clock: LimiterClock;
  private readonly maxQueued: number;
  private readonly reservedFraction: number;

  constructor(private readonly options: ConcurrencyLimiterOptions) {
    const min = Math.min(options.min ?? 4, options.max);
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.limit = new GradientLimit({
      min,
      max: options.max,
      initial: options.initial ?? options.max,
      now: this.clock.now,
    });
    this.maxQueued = options.maxQueued ?? 16 * options.max;
    this.reservedFraction = options.reservedFraction ?? 0.25;
  }

  snapshot(): ConcurrencySnapshot {
    return { limit: this.limit.current, inFlight: this.inFlight, queued: this.queued };
  }

  /** Admits a call of `group` now or once a slot frees, or refuses it when it could not finish by `deadline`. */
  acquire(group: string, deadline: number): Promise<Admission> {
    const reserved = group === this.options.reservedGroup;
    const line = reserved ? this.reservedLine : this.othersLine;
    // Its place in its own line (behind calls of older requests), which moves at its own measured pace.
    const place = line.ahead(deadline) + 1;
    // Whoever waits has no room (admitWaiters saw to that): a call with room and none of its kind ahead
    // takes a slot nobody in line could.
    if (line.size === 0 && this.hasRoom(reserved)) {
      return Promise.resolve({ admitted: true, permit: this.admit(group) });
    }
    // What its own answer needs, with the slack an answer has before the limit calls it queued.
    const answerMs = (this.limit.expectedMs(group) ?? this.holdMs ?? 0) * SLACK;
    const budgetMs = deadline - this.clock.now();
    const lateByMs = this.lateByMs(line, place, answerMs, budgetMs);
    if (this.queued >= this.maxQueued || lateByMs > 0) return Promise.resolve(refusal(lateByMs));
    return this.wait(group, line, answerMs, budgetMs, deadline);
  }

  /** The call of `permit` got an answer `rttMs` after it was sent. */
  onAnswer(permit: Permit, rttMs: number): void {
    this.limit.onAnswer(permit.group, rttMs, permit.inFlightAtAdmission);
  }

  /** The call of `permit` got no answer within `elapsedMs`. */
  onTimeout(permit: Permit, elapsedMs: number): void {
    this.limit.onTimeout(permit.group, elapsedMs, permit.inFlightAtAdmission);
  }

  /** Frees the slot of `permit` (a second release is ignored) and admits whoever may go next. */
  release(permit: Permit): void {
    if (permit.released) return;
    permit.released = true;
    if (permit.group === this.options.reservedGroup) this.reservedInFlight--;
    else this.othersInFlight--;
    const heldMs = this.clock.now() - permit.admittedAt;
    this.holdMs = this.holdMs === undefined ? heldMs : this.holdMs + (heldMs - this.holdMs) * HOLD_WEIGHT;
    this.admitWaiters();
  }

  private get inFlight(): number {
    return this.reservedInFlight + this.othersInFlight;
  }

  private get queued(): number {
    return this.reservedLine.size + this.othersLine.size;
  }

  /**
   * Queues a call. Admitted later than its deadline less its answer time, it would most likely time out:
   * it gives up then (at its deadline while nothing is known of answer times).
   */
  private wait(
    group: string,
    line: WaitingLine<Waiter>,
    answerMs: number,
    budgetMs: number,
    deadline: number,
  ): Promise<Admission> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        group,
        deadline,
        enter: (permit) => resolve({ admitted: true, permit }),
        refuse: () => resolve(refusal(0)),
        cancelGiveUp: this.clock.schedule(() => {
          line.remove(waiter, this.clock.now(), false);
          // When a call with the same budget would fit at the end of the line as it is now.
          resolve(refusal(this.lateByMs(line, line.ahead(deadline) + 1, answerMs, budgetMs)));
        }, budgetMs - answerMs),
      };
      line.add(waiter, this.clock.now(), deadline);
    });
  }

  /**
   * By how much the call at `place` in `line` would miss its budget (negative: it fits), or equally how much
   * sooner the line would have to move for it to fit. Its wait and its answer are averages: a call that
   * just fits on average misses half the time (after waiting, or by timing out on a connection), so both
   * get the slack an answer has before the limit calls it queued.
   */
  private lateByMs(line: WaitingLine<Waiter>, place: number, answerMs: number, budgetMs: number): number {
    return (this.predictWaitMs(line, place) * SLACK + answerMs - budgetMs) / SLACK;
  }

  private hasRoom(reserved: boolean): boolean {
    const limit = this.limit.current;
    if (this.inFlight >= limit) return false;
    return reserved || this.othersInFlight < limit - Math.floor(limit * this.reservedFraction);
  }

  private admit(group: string): Permit {
    if (group === this.options.reservedGroup) this.reservedInFlight++;
    else this.othersInFlight++;
    return { group, inFlightAtAdmission: this.inFlight, admittedAt: this.clock.now(), released: false };
  }

  /** The oldest request's waiter there is room for, while there is: the others' line may not take the floor. */
  private admitWaiters(): void {
    for (;;) {
      const reserved = this.hasRoom(true) ? this.reservedLine.firstKey() : undefined;
      const other = this.hasRoom(false) ? this.othersLine.firstKey() : undefined;
      if (reserved === undefined && other === undefined) return;
      const line =
        reserved !== undefined && (other === undefined || reserved <= other)
          ? this.reservedLine
          : this.othersLine;
      const next = line.first()!;
      const now = this.clock.now();
      // Its give-up time was set with what was known when it queued (at a cold start, nothing): what is
      // known now may say its turn came too late. Sent anyway, it would hold a slot only to time out.
      const tooLate = next.deadline - now < (this.limit.expectedMs(next.group) ?? this.holdMs ?? 0);
      line.remove(next, now, !tooLate);
      next.cancelGiveUp();
      if (tooLate) next.refuse();
      else next.enter(this.admit(next.group));
    }
  }

  /**
   * How long the call at `place` in `line` would wait: at the pace the line has lately moved, blended with
   * what Little's law predicts (slots free up as fast as their holders finish: calls in flight per average
   * holding time) as if half a limit's worth of admissions had been seen at that pace. Optimistic (0) until
   * a first call has finished and the line has moved.
   */
  private predictWaitMs(line: WaitingLine<Waiter>, place: number): number {
    const turnoverMsPerPlace =
      this.holdMs === undefined ? undefined : this.holdMs / Math.max(1, this.inFlight);
    const msPerPlace = line.msPerPlace(this.clock.now(), turnoverMsPerPlace, this.limit.current / 2);
    return place * (msPerPlace ?? 0);
  }
}

/** A refusal telling the caller to come back once the line has moved by `lateByMs` (at least a second). */
function refusal(lateByMs: number): Admission {
  const seconds = Math.ceil(lateByMs / 1000);
  return { admitted: false, retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds)) };
}
