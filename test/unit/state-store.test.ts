import { createManualClock } from "../../src/emulator";
import { MemoryStateStore, StoreFullError } from "../../src/state/state-store";
import { RevokedSessions } from "../../src/auth/revoked-sessions";

describe("MemoryStateStore", () => {
  it("counts in a fixed window that closes on time, and takes units back", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now);
    expect(await store.increment("k", 1_000)).toEqual({ count: 1, resetAt: clock.now() + 1_000 });
    clock.advance(600);
    expect((await store.increment("k", 1_000)).count).toBe(2);
    expect((await store.increment("k", 1_000, -1)).count).toBe(1);
    clock.advance(400);
    expect(await store.peek("k")).toBeNull();
    expect((await store.increment("k", 1_000)).count).toBe(1);
  });

  it("keeps strings until their time is up", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now);
    await store.put("owner", "org/member", 500);
    expect(await store.get("owner")).toBe("org/member");
    clock.advance(500);
    expect(await store.get("owner")).toBeNull();
  });

  it("gives a claim to one caller until it is deleted or its time is up", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now);
    expect(await store.claim("first", 1_000)).toBe(true);
    expect(await store.claim("first", 1_000)).toBe(false);
    await store.delete("first");
    expect(await store.claim("first", 1_000)).toBe(true);
    clock.advance(1_000);
    expect(await store.claim("first", 1_000)).toBe(true);
  });

  it("never holds more than its bound, and never forgets a live entry to make room", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now, 100);
    let refused = 0;
    for (let i = 0; i < 10_000; i++) await store.increment(`client:${i}`, 60_000).catch(() => refused++);
    expect(store.size).toBe(100);
    expect(refused).toBe(9_900);
    // The first keys are still counted: a flood of new keys cannot wipe an attacker's own counters.
    expect(await store.peek("client:0")).toEqual({ count: 1, resetAt: clock.now() + 60_000 });
    await expect(store.increment("client:new", 60_000)).rejects.toBeInstanceOf(StoreFullError);
    // Once entries expire, there is room again.
    clock.advance(60_000);
    await expect(store.increment("client:new", 60_000)).resolves.toEqual({
      count: 1,
      resetAt: clock.now() + 60_000,
    });
  });
});

describe("RevokedSessions", () => {
  it("refuses a signed-out session while any of its JWTs can live (5 minutes and skew), then forgets it", () => {
    const clock = createManualClock();
    const revoked = new RevokedSessions(clock.now);
    revoked.add("session-1");
    expect(revoked.has("session-1")).toBe(true);
    expect(revoked.has("session-2")).toBe(false);
    clock.advance(5 * 60_000);
    expect(revoked.has("session-1")).toBe(true);
    clock.advance(60_000);
    expect(revoked.has("session-1")).toBe(false);
  });

  it("stays bounded, and stops trusting local JWTs rather than forget a sign-out", () => {
    const clock = createManualClock();
    const revoked = new RevokedSessions(clock.now, 10);
    for (let i = 0; i < 100; i++) revoked.add(`session-${i}`);
    expect(revoked.has("session-0")).toBe(true);
    expect(revoked.has("session-99")).toBe(false);
    expect(revoked.trustsLocalJwts()).toBe(false);
    clock.advance(6 * 60_000);
    expect(revoked.trustsLocalJwts()).toBe(true);
  });
});
