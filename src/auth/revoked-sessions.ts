/** Stytch session JWTs live 5 minutes; a signed-out session's JWTs are refused locally at least that long. */
export const SESSION_JWT_LIFETIME_MS = 5 * 60_000;
/** Clock skew between Stytch and this process, on top of the JWT lifetime. */
const SKEW_MS = 60_000;

/**
 * Sessions signed out through this process. Stytch revokes a session at once, but its JWTs stay verifiable
 * until they expire; local verification consults this list so a signed-out JWT (and every other JWT of the same
 * session) stops working here immediately. Other replicas learn of it only through Stytch, when the JWT expires
 * (at most 5 minutes) — until a shared store carries the list.
 *
 * Checked on every viewer, so synchronous. Bounded: entries only come from signed-in callers signing out, and
 * each expires once every JWT of its session has.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();
  /** Until when a full list could not take every sign-out (epoch ms). */
  private overflowedUntil = -Infinity;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  add(sessionId: string): void {
    if (this.until.size >= this.maxEntries) this.dropExpired();
    const until = this.now() + SESSION_JWT_LIFETIME_MS + SKEW_MS;
    if (this.until.size >= this.maxEntries) {
      // A live entry is never forgotten; this sign-out is not listed, so local JWTs are not trusted at all
      // (every session is asked of Stytch) until any JWT it could concern has expired.
      this.overflowedUntil = until;
      return;
    }
    this.until.delete(sessionId);
    this.until.set(sessionId, until);
  }

  /** Whether a JWT that verifies may be trusted without asking Stytch: not while the list has overflowed. */
  trustsLocalJwts(): boolean {
    return this.overflowedUntil <= this.now();
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
