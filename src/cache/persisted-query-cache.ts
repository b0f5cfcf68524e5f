import type { PersistedQueryOptions } from "@apollo/server";
import { ByteLru } from "./byte-lru";

type QueryTextCache = NonNullable<PersistedQueryOptions["cache"]>;

/** Map entry, key (a SHA-256 in hex, with Apollo's prefix) and string headers. */
const ENTRY_BYTES = 256;

/**
 * The texts of automatic persisted queries, by hash, bounded in bytes: Apollo's default counts characters
 * (30 M of them), and every client may register as many documents as it likes. Entries never go stale (a hash
 * names one text), so Apollo's ttl is not needed.
 */
export function createPersistedQueryCache(maxBytes: number): QueryTextCache {
  const texts = new ByteLru<string, string>(maxBytes);
  return {
    get: async (key) => texts.get(key),
    set: async (key, text) => texts.set(key, text, ENTRY_BYTES + 2 * (key.length + text.length)),
    delete: async (key) => texts.delete(key),
  };
}
