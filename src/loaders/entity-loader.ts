import DataLoader from "dataloader";

/** Stytch's search pages hold at most 1,000 results: one batch must fit in one page. */
export const MAX_SEARCH_BATCH = 1000;

/**
 * One kind of Stytch object (organizations, members) for one request. Everything known about them, whether
 * fetched by this loader or carried by another Stytch answer (exchange, authenticate, discovery), lives in one
 * map of values; DataLoader batches and de-duplicates only what is not in it yet.
 */
export class EntityLoader<K, V> {
  private readonly known = new Map<string, V>();
  private readonly loader: DataLoader<K, V | null, string>;

  constructor(
    name: string,
    private readonly keyOf: (key: K) => string,
    fetch: (keys: readonly K[]) => Promise<Array<V | null>>,
  ) {
    this.loader = new DataLoader(fetch, {
      name,
      maxBatchSize: MAX_SEARCH_BATCH,
      cacheKeyFn: keyOf,
      cacheMap: new KnownValues(this.known),
    });
  }

  /**
   * The value as a plain value when it is known, so that graphql-js completes the field without awaiting a
   * promise (100 per discovery answer otherwise); else one batched Stytch call for every key asked this tick.
   */
  get(key: K): V | Promise<V | null> {
    return this.known.get(this.keyOf(key)) ?? this.loader.load(key);
  }

  load(key: K): Promise<V | null> {
    return this.loader.load(key);
  }

  /** What another Stytch answer carried: no later lookup of it in this request asks Stytch. */
  prime(key: K, value: V): void {
    this.known.set(this.keyOf(key), value);
  }

  /** The value, if known, without fetching it. */
  peek(key: K): V | undefined {
    return this.known.get(this.keyOf(key));
  }
}

/**
 * DataLoader's cache, backed by the known values: a known key is answered without a batch, a fetch in flight
 * is shared by every caller of its key, and what a fetch finds joins the known values (a miss stays a miss for
 * this request).
 */
class KnownValues<V> {
  private readonly pending = new Map<string, Promise<V | null>>();
  private readonly misses = new Set<string>();

  constructor(private readonly known: Map<string, V>) {}

  get(key: string): Promise<V | null> | undefined {
    const value = this.known.get(key);
    if (value !== undefined) return Promise.resolve(value);
    if (this.misses.has(key)) return Promise.resolve(null);
    return this.pending.get(key);
  }

  set(key: string, promise: Promise<V | null>): void {
    this.pending.set(key, promise);
    promise.then(
      (value) => {
        this.pending.delete(key);
        // An answer primed meanwhile (e.g. by an exchange) is as fresh: keep the first one known.
        if (value === null) this.misses.add(key);
        else if (!this.known.has(key)) this.known.set(key, value);
      },
      () => this.pending.delete(key),
    );
  }

  delete(key: string): void {
    this.pending.delete(key);
    this.misses.delete(key);
    this.known.delete(key);
  }

  clear(): void {
    this.pending.clear();
    this.misses.clear();
    this.known.clear();
  }
}
