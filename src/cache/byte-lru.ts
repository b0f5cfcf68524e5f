/**
 * A least-recently-used map bounded by the bytes its entries hold, as the caller counts them. Counting
 * entries is not enough when one entry may be a hundred times the size of another: a bound must hold against
 * the largest entries a client can make us keep.
 */
export class ByteLru<K, V> {
  /** A Map iterates in insertion order: the first entry is the least recently used. */
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  /** The bytes the entries are counted at, together. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value`, evicting the least recently used entries until it fits; one larger than the bound is not kept. */
  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    for (const [oldKey] of this.entries) {
      if (this.total + bytes <= this.maxBytes) break;
      this.delete(oldKey);
    }
    this.entries.set(key, { value, bytes });
    this.total += bytes;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }
}
