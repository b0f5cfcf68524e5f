import type { MemberSession } from "../stytch/types";

interface Entry {
  session: MemberSession;
  /** The earlier of the JWT's `exp` and the session's own end, in epoch ms. */
  validUntil: number;
  bytes: number;
}

/**
 * Sessions already proven by a JWT, keyed by the exact JWT text. An RS256 verification costs ~200 µs of CPU,
 * and a frontend presents the same JWT on every request for its 5 minute life. Only a JWT that passed
 * verification enters, so the cache is bounded by real sessions, not by what callers send; a hit is re-checked
 * against the clock, never trusted past the JWT's or the session's end.
 *
 * Bounded in bytes, not entries: custom claims make a JWT anywhere from 1.5 KB to 8 KB, and the heap is capped
 * (package.json's start flags). An entry is counted as twice its JWT: the key, and the session it carries.
 */
export class VerifiedJwtCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(jwt: string): MemberSession | null {
    const entry = this.entries.get(jwt);
    if (!entry) return null;
    if (entry.validUntil <= this.now()) {
      this.delete(jwt, entry);
      return null;
    }
    return entry.session;
  }

  set(jwt: string, session: MemberSession, jwtExpiresAt: number): void {
    const now = this.now();
    const validUntil = Math.min(jwtExpiresAt, session.expiresAt.getTime());
    const bytes = 2 * jwt.length;
    if (validUntil <= now || bytes > this.maxBytes || this.entries.has(jwt)) return;
    // Oldest first (a Map iterates in insertion order): JWTs all live 5 minutes, so the oldest are also the
    // first to expire, and a full cache lets go of expired ones before live ones.
    for (const [oldJwt, oldEntry] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes && oldEntry.validUntil > now) break;
      this.delete(oldJwt, oldEntry);
    }
    // Every request presenting this JWT gets the same object: frozen, so that none can change it for the others.
    this.entries.set(jwt, { session: deepFreeze(session), validUntil, bytes });
    this.bytes += bytes;
  }

  private delete(jwt: string, entry: Entry): void {
    this.entries.delete(jwt);
    this.bytes -= entry.bytes;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
