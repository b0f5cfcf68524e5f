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

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  add(sessionId: string): void {
    if (this.until.size >= this.maxEntries) this.dropExpired();
    if (this.until.size >= this.maxEntries) this.until.delete(this.until.keys().next().value as string);
    this.until.delete(sessionId);
    this.until.set(sessionId, this.now() + SESSION_JWT_LIFETIME_MS + SKEW_MS);
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
