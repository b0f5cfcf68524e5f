/**
 * DataLoader wants one result per key, in key order; Stytch's search answers in its own order and leaves
 * misses out. This puts each found item at its key's place and null where nothing was found.
 */
export function alignByKey<K, V>(
  keys: readonly K[],
  items: readonly V[],
  keyOfKey: (key: K) => string,
  keyOfItem: (item: V) => string,
): (V | null)[] {
  const byKey = new Map<string, V>();
  for (const item of items) byKey.set(keyOfItem(item), item);
  return keys.map((key) => byKey.get(keyOfKey(key)) ?? null);
}
