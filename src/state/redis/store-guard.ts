import { ReplyError } from "ioredis";
import { CircuitBreaker, type BreakerState } from "../../stytch/circuit-breaker";
import { StoreFullError, StoreUnavailableError } from "../state-store";

/** Told of every Redis call and breaker change, for the store's metrics; must not throw. */
export interface StoreObserver {
  onStoreCall(op: string, result: StoreCallResult, durationMs: number): void;
  onStoreBreakerState(state: BreakerState): void;
}

/**
 * ok; full (Redis refused a write for want of memory); error (another error answer, or the connection is
 * down); timeout; rejected (breaker open).
 */
export type StoreCallResult = "ok" | "full" | "error" | "timeout" | "rejected";

/**
 * How long one out-of-memory answer keeps the store reported degraded, unless a write succeeds first (reads
 * succeed on a full Redis, so only a write tells it has room again).
 */
const FULL_REPORTED_MS = 10_000;
const WRITES = new Set(["increment", "put", "claim", "revoke"]);

export interface StoreGuardOptions {
  /** Connection failures in a row that open the breaker (a timeout opens it at once). */
  threshold: number;
  cooldownMs: number;
  observer: StoreObserver;
  now?: () => number;
}

/** ioredis's own words when `commandTimeout` ends a call. */
const TIMED_OUT = "Command timed out";

/**
 * Every Redis call goes through here: the deadline is ioredis's `commandTimeout` (set on the connection), the
 * breaker is ours. A timed-out call opens the breaker at once: Redis answers in order on one connection, so
 * when one call is stalled every call behind it is too, and waiting for more evidence would cost each request
 * the deadline again. Fast failures (connection refused, offline) cost nothing and count to `threshold`. While
 * open, calls fail at once with StoreUnavailableError; after `cooldownMs` one trial call is let through.
 */
export class StoreGuard {
  private readonly breaker: CircuitBreaker;
  private lastFullAt = -Infinity;

  constructor(private readonly options: StoreGuardOptions) {
    this.breaker = new CircuitBreaker({
      threshold: options.threshold,
      cooldownMs: options.cooldownMs,
      now: options.now,
      onStateChange: (state) => options.observer.onStoreBreakerState(state),
    });
  }

  get state(): BreakerState {
    return this.breaker.state;
  }

  /**
   * Redis refused a write for want of memory lately: it is up (the breaker stays closed, reads work), but
   * every throttle refuses, so the store is not well and says so (readyz, metrics).
   */
  get full(): boolean {
    return this.now() - this.lastFullAt < FULL_REPORTED_MS;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async run<T>(op: string, call: () => Promise<T>): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      this.options.observer.onStoreCall(op, "rejected", 0);
      throw new StoreUnavailableError(op);
    }
    return this.attempt(op, call);
  }

  /**
   * A call made whatever the breaker says (a sign-out to publish: worth one deadline, and it must not wait for
   * a cooldown). Its outcome still counts: a success closes the breaker, a failure keeps it open.
   */
  always<T>(op: string, call: () => Promise<T>): Promise<T> {
    return this.attempt(op, call);
  }

  private async attempt<T>(op: string, call: () => Promise<T>): Promise<T> {
    const { observer } = this.options;
    const started = performance.now();
    try {
      const result = await call();
      this.breaker.onSuccess();
      if (WRITES.has(op)) this.lastFullAt = -Infinity;
      observer.onStoreCall(op, "ok", performance.now() - started);
      return result;
    } catch (error) {
      // Redis answered, refusing a write for want of memory (maxmemory, noeviction): up, but full.
      const full = error instanceof ReplyError && /^(OOM|EXECABORT)/.test((error as Error).message);
      const result = this.judge(error);
      observer.onStoreCall(op, full ? "full" : result, performance.now() - started);
      if (!full) throw new StoreUnavailableError(op);
      this.lastFullAt = this.now();
      throw new StoreFullError();
    }
  }

  /** Feeds the breaker with what a failure says about Redis, and names it for the metrics. */
  private judge(error: unknown): StoreCallResult {
    if (error instanceof Error && error.message === TIMED_OUT) {
      this.breaker.trip();
      return "timeout";
    }
    // An error answer (a full Redis's OOM, a wrong type) proves Redis is there: not a failure of the connection.
    if (error instanceof ReplyError) this.breaker.onSuccess();
    else this.breaker.onFailure();
    return "error";
  }
}
