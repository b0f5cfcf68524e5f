import type { MemberSession } from "../stytch/types";

interface Entry {
  session: MemberSession;
  /** The earlier of the JWT's `exp` and the session's own end, in epoch ms. */
  validUntil: number;
}

/**
 * Sessions already proven by a JWT, keyed by the exact JWT text. An RS256 verification costs ~200 µs of CPU,
 * and a frontend presents the same JWT on every request for its 5 minute life. Only a JWT that passed
 * verification enters, so the cache is bounded by real sessions, not by what callers send; a hit is re-checked
 * against the clock, never trusted past the JWT's or the session's end.
 */
export class VerifiedJwtCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(jwt: string): MemberSession | null {
    const entry = this.entries.get(jwt);
    if (!entry) return null;
    if (entry.validUntil <= this.now()) {
      this.entries.delete(jwt);
      return null;
    }
    return entry.session;
  }

  set(jwt: string, session: MemberSession, jwtExpiresAt: number): void {
    const validUntil = Math.min(jwtExpiresAt, session.expiresAt.getTime());
    if (validUntil <= this.now() || this.maxEntries <= 0) return;
    // Oldest first: a Map iterates in insertion order, so the first key is the one to let go.
    if (this.entries.size >= this.maxEntries && !this.entries.has(jwt)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // Every request presenting this JWT gets the same object: frozen, so that none can change it for the others.
    this.entries.set(jwt, { session: Object.freeze(session), validUntil });
  }
}
