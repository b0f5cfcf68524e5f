export interface RevocationBounds {
  /** How often the subscriber connection is asked to answer (PING), proving it still hears the channel. */
  heartbeatMs: number;
  /** A replica that has not proved so for this long stops trusting local JWTs. */
  staleAfterMs: number;
  /**
   * After any interruption (a ping unanswered or late, a reconnect, a resubscribe), how long the feed must stay
   * well before local JWTs are trusted again: long enough for a replica that could not publish a sign-out
   * meanwhile to send it (its next heartbeat, or its reconnect: at most 2 heartbeats + the reconnect back-off).
   */
  holdDownMs: number;
}

/** Reconnects back off to at most this (redis-connection.ts). */
export const MAX_RECONNECT_DELAY_MS = 1000;

export const DEFAULT_REVOCATION_BOUNDS: RevocationBounds = {
  heartbeatMs: 1000,
  staleAfterMs: 3000,
  holdDownMs: 2 * 1000 + MAX_RECONNECT_DELAY_MS,
};

/**
 * Whether a replica may trust locally verified JWTs, from what its subscriber connection proved. Redis delivers
 * in order on a connection: a PONG to a PING sent at t comes after every message published before t. Trusted
 * only while (1) subscribed and the sorted set read since, (2) the last answered PING was sent less than
 * `staleAfterMs` ago, (3) `holdDownMs` have passed since the last interruption, and (4) Redis is old enough to
 * hold every sign-out whose JWTs could still live (`notBefore`, from the epoch key).
 */
export class FeedTrust {
  private synced = false;
  private lastAnsweredPingSentAt = -Infinity;
  private wasInterrupted = true;
  private trustFrom = Infinity;
  private notBefore = -Infinity;

  constructor(
    private readonly bounds: RevocationBounds,
    private readonly now: () => number,
  ) {}

  /** Something broke the feed since the last answered PING (see `answered`). */
  get interrupted(): boolean {
    return this.wasInterrupted;
  }

  /** Subscribed, and the sorted set read since. */
  get subscribed(): boolean {
    return this.synced;
  }

  /** The subscription is gone (connection closed): nothing is heard until resubscribed. */
  lost(): void {
    this.synced = false;
    this.wasInterrupted = true;
  }

  /** A PING went unanswered (timeout, error): whatever was published meanwhile may be late. */
  missed(): void {
    this.wasInterrupted = true;
  }

  /** Subscribed again and the sorted set read, after a PING sent at `sentAt`. */
  resynced(sentAt: number): void {
    this.synced = true;
    this.wasInterrupted = true;
    this.answered(sentAt);
  }

  /** A PING sent at `sentAt` was answered. */
  answered(sentAt: number): void {
    const now = this.now();
    if (this.wasInterrupted || now - this.lastAnsweredPingSentAt >= this.bounds.staleAfterMs)
      this.trustFrom = now + this.bounds.holdDownMs;
    this.wasInterrupted = false;
    this.lastAnsweredPingSentAt = Math.max(this.lastAnsweredPingSentAt, sentAt);
  }

  /** Redis could have lost sign-outs made before this moment (an emptied Redis: see RedisEpoch). */
  distrustUntil(until: number): void {
    this.notBefore = Math.max(this.notBefore, until);
  }

  isLive(): boolean {
    const now = this.now();
    return (
      this.synced &&
      !this.wasInterrupted &&
      now - this.lastAnsweredPingSentAt < this.bounds.staleAfterMs &&
      now >= this.trustFrom &&
      now >= this.notBefore
    );
  }
}
