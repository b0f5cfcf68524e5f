import { ByteLru } from "../../src/cache/byte-lru";

describe("ByteLru", () => {
  it("keeps entries within the byte bound, letting the least recently used go first", () => {
    const lru = new ByteLru<string, number>(100);
    lru.set("a", 1, 40);
    lru.set("b", 2, 40);
    expect(lru.get("a")).toBe(1); // "b" is now the least recently used
    lru.set("c", 3, 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
    expect(lru.bytes).toBe(80);
    expect(lru.size).toBe(2);
  });

  it("evicts as many small entries as one large one needs", () => {
    const lru = new ByteLru<number, string>(100);
    for (let i = 0; i < 10; i++) lru.set(i, "small", 10);
    lru.set(10, "large", 95);
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(95);
    expect(lru.get(10)).toBe("large");
  });

  it("keeps no value larger than the bound, and drops what it replaced", () => {
    const lru = new ByteLru<string, string>(100);
    lru.set("a", "old", 10);
    lru.set("a", "huge", 101);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });

  it("counts a replaced entry once", () => {
    const lru = new ByteLru<string, string>(100);
    lru.set("a", "one", 30);
    lru.set("a", "two", 50);
    expect(lru.bytes).toBe(50);
    expect(lru.get("a")).toBe("two");
    expect(lru.delete("a")).toBe(true);
    expect(lru.delete("a")).toBe(false);
    expect(lru.bytes).toBe(0);
  });

  it("never holds more than its bound, whatever it is given", () => {
    const lru = new ByteLru<number, null>(10_000);
    for (let i = 0; i < 100_000; i++) {
      lru.set(i, null, 1 + (i % 997));
      expect(lru.bytes).toBeLessThanOrEqual(10_000);
    }
  });
});
