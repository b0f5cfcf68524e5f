/** A counter in a fixed window: how many hits, and when the window (and the counter) ends. */
export interface Counter {
  count: number;
  /** Epoch ms. */
  resetAt: number;
}

/**
 * Expiring strings, each operation atomic on one key: what caches need. A store shared by replicas (Redis:
 * SET PX, GET, DEL) fits the same three calls. Keys never hold a token in clear: callers hash credentials first
 * (see throttle-keys.ts).
 */
export interface ValueStore {
  put(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
}

/**
 * The small store behind throttles: expiring strings and expiring counters (Redis: INCR + PEXPIRE). In memory
 * today; a later store shares it across replicas.
 */
export interface StateStore extends ValueStore {
  /** Adds `by` (default 1, negative to give back) to `key`, opening a window of `windowMs` when none is open. */
  increment(key: string, windowMs: number, by?: number): Promise<Counter>;
  /** The counter, or null when no window is open. */
  peek(key: string): Promise<Counter | null>;
  /**
   * Takes `key` for `ttlMs` if no one holds it (Redis: SET NX PX): true for the one caller, across replicas,
   * that got it. Released by `delete`, or by itself when `ttlMs` ends.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * The store holds as many live entries as it may: a new key is refused rather than a live one forgotten. A
 * throttle that forgot its counters under a flood of new keys would let the flood's author start afresh, so
 * throttles fail closed on this (RATE_LIMITED) until entries expire.
 */
export class StoreFullError extends Error {
  constructor() {
    super("state store full");
    this.name = "StoreFullError";
  }
}

/**
 * A shared store (Redis) could not answer within its deadline, or its circuit breaker is open. Caches treat it
 * as a miss; throttles refuse (RATE_LIMITED), as for a full store: a limit that cannot be counted must not be
 * lifted by making the store unreachable.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly op: string) {
    super(`state store unavailable (${op})`);
    this.name = "StoreUnavailableError";
  }
}

interface Entry {
  count: number;
  value: string | null;
  expiresAt: number;
}

/**
 * One process's state, bounded in entries. When full, expired entries are swept (at most once a second, so a
 * flood cannot make every insert scan the store) and, if none has expired, the new key is refused
 * (StoreFullError): live entries are never evicted. Entries are a few hundred bytes at most (keys are hashes
 * and ids): the default bound holds under 60 MB.
 */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private lastSweep = -Infinity;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 200_000,
  ) {}
  async increment(key: string, windowMs: number, by = 1): Promise<Counter> {
    const entry =
      this.live(key) ?? this.insert(key, { count: 0, value: null, expiresAt: this.now() + windowMs });
    entry.count = Math.max(0, entry.count + by);
    return { count: entry.count, resetAt: entry.expiresAt };
  }

  async peek(key: string): Promise<Counter | null> {
    const entry = this.live(key);
    return entry ? { count: entry.count, resetAt: entry.expiresAt } : null;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.insert(key, { count: 0, value, expiresAt: this.now() + ttlMs });
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.insert(key, { count: 0, value: "claimed", expiresAt: this.now() + ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private insert(key: string, entry: Entry): Entry {
    if (this.entries.size >= this.maxEntries) this.sweep();
    if (this.entries.size >= this.maxEntries) throw new StoreFullError();
    this.entries.set(key, entry);
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
