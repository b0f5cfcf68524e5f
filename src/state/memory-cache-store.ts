import { ByteLru } from "../cache/byte-lru";
import type { ValueStore } from "./state-store";

/** Map entry, expiry and string headers, beside the key and value themselves. */
const ENTRY_BYTES = 128;

/**
 * Expiring strings in this process, bounded in bytes: when full, the least recently used entry goes. That suits
 * caches, which may forget anything (a forgotten snapshot costs one Stytch call), and never throttles, whose
 * store refuses new keys instead (see MemoryStateStore).
 */
export class MemoryCacheStore implements ValueStore {
  private readonly entries: ByteLru<string, { value: string; expiresAt: number }>;

  constructor(
    maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new ByteLru(maxBytes);
  }

  /** The bytes held (strings counted at two bytes a character, an upper bound). */
  get bytes(): number {
    return this.entries.bytes;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    const bytes = ENTRY_BYTES + 2 * (key.length + value.length);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs }, bytes);
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return null;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
