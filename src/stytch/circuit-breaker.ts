/**
 * A circuit breaker for one group of Stytch endpoints. It counts only failures that say Stytch is unwell
 * (timeouts, connection failures, 5xx, garbage): 4xx answers are the caller's problem, so a flood of bad
 * tokens cannot open it for everyone. After `threshold` such failures in a row it opens and fails fast for
 * `cooldownMs`; then one trial call is let through (half-open), and its result closes or re-opens it.
 */
export type BreakerState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = "closed";

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go out now; false means fail fast. */
  tryAcquire(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.options.cooldownMs) return false;
      this.transition("half_open");
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  onFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.current === "half_open" || this.failures >= this.options.threshold) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  /** Opens at once, whatever the count: for a failure that by itself says every call would fail the same. */
  trip(): void {
    this.trialInFlight = false;
    this.openedAt = this.now();
    this.transition("open");
  }

  /** Stytch answered, but with a 4xx: it is up (the caller was wrong), so this counts as a success. */
  onNeutral(): void {
    this.onSuccess();
  }

  /** The call never went out (our own concurrency limit or budget said no): no evidence; a trial slot is freed. */
  onNotSent(): void {
    this.trialInFlight = false;
  }

  /**
   * The call went out but our request's own budget ended it before Stytch's deadline did: no evidence
   * either way (Stytch was given less time than it is owed), so it neither counts nor resets the failures.
   */
  onInconclusive(): void {
    this.trialInFlight = false;
  }

  private transition(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
