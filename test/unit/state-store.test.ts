import { createManualClock } from "../../src/emulator";
import { MemoryStateStore } from "../../src/state/state-store";
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

  it("never holds more than its bound, however many keys a flood brings", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now, 100);
    for (let i = 0; i < 10_000; i++) await store.increment(`client:${i}`, 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    // The newest keys are the ones kept.
    expect(await store.peek("client:9999")).toEqual({ count: 1, resetAt: clock.now() + 60_000 });
    expect(await store.peek("client:0")).toBeNull();
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

  it("stays bounded", () => {
    const revoked = new RevokedSessions(Date.now, 10);
    for (let i = 0; i < 100; i++) revoked.add(`session-${i}`);
    expect(revoked.has("session-99")).toBe(true);
    expect(revoked.has("session-0")).toBe(false);
  });
});
