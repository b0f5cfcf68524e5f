/** Stytch session JWTs live 5 minutes; a signed-out session's JWTs are refused locally at least that long. */
export const SESSION_JWT_LIFETIME_MS = 5 * 60_000;
/** Clock skew between Stytch and this process, on top of the JWT lifetime. */
const SKEW_MS = 60_000;
/** How long a sign-out is listed: as long as any JWT of its session could still verify. */
export const REVOCATION_KEPT_MS = SESSION_JWT_LIFETIME_MS + SKEW_MS;

/** How sign-outs reach the other replicas (see RedisRevocations). */
export interface RevocationFeed {
  /** Never rejects: a sign-out that cannot be sent now is kept and sent when the feed is back. */
  publish(sessionId: string, until: number): Promise<void>;
  /** Whether every sign-out published anywhere, up to the feed's stated bound ago, has been received here. */
  isLive(): boolean;
}

/**
 * Sessions signed out through this process (and, with a shared feed, through any replica). Stytch revokes a
 * session at once, but its JWTs stay verifiable until they expire; local verification consults this list so a
 * signed-out JWT (and every other JWT of the same session) stops working here immediately. Without a feed,
 * other replicas learn of it only through Stytch, when the JWT expires (at most 5 minutes); with one
 * (RedisRevocations) they learn of it within the feed's bound, and stop trusting local JWTs while it is down.
 *
 * Checked on every viewer, so synchronous: the feed fills this list, reads never leave the process. Bounded:
 * entries only come from signed-in callers signing out, and each expires once every JWT of its session has.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();
  /** Until when a full list could not take every sign-out (epoch ms). */
  private overflowedUntil = -Infinity;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
    private readonly feed: RevocationFeed | null = null,
  ) {}

  /** Lists a sign-out here, and tells the other replicas (resolves once the feed has it, or has queued it). */
  async add(sessionId: string): Promise<void> {
    const until = this.now() + REVOCATION_KEPT_MS;
    this.receive(sessionId, until);
    await this.feed?.publish(sessionId, until);
  }

  /** A sign-out listed by another replica (through the feed), until `until` (epoch ms). */
  receive(sessionId: string, until: number): void {
    if (until <= this.now()) return;
    if (this.until.size >= this.maxEntries) this.dropExpired();
    if (this.until.size >= this.maxEntries) {
      // A live entry is never forgotten; this sign-out is not listed, so local JWTs are not trusted at all
      // (every session is asked of Stytch) until any JWT it could concern has expired.
      this.overflowedUntil = until;
      return;
    }
    this.until.delete(sessionId);
    this.until.set(sessionId, until);
  }

  /**
   * Whether a JWT that verifies may be trusted without asking Stytch: not while the list has overflowed, nor
   * while the feed cannot vouch that every replica's sign-outs have reached this list.
   */
  trustsLocalJwts(): boolean {
    return this.overflowedUntil <= this.now() && (this.feed?.isLive() ?? true);
  }

  /** Every sign-out listed here and when it ends, to list again in a shared store that lost them. */
  listed(): Iterable<[string, number]> {
    return this.until.entries();
  }

  has(sessionId: string): boolean {
    const until = this.until.get(sessionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(sessionId);
    return false;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
  }
}
