import { Bulkhead } from "../../src/stytch/bulkhead";
import { CircuitBreaker, type BreakerState } from "../../src/stytch/circuit-breaker";

describe("CircuitBreaker", () => {
  function breaker() {
    let now = 0;
    const states: BreakerState[] = [];
    const b = new CircuitBreaker({
      threshold: 3,
      cooldownMs: 1000,
      now: () => now,
      onStateChange: (s) => states.push(s),
    });
    return { b, states, advance: (ms: number) => (now += ms) };
  }

  it("opens after `threshold` failures in a row and fails fast while open", () => {
    const { b, states } = breaker();
    for (let i = 0; i < 3; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.onFailure();
    }
    expect(states).toEqual(["open"]);
    expect(b.tryAcquire()).toBe(false);
  });

  it("ignores neutral answers (4xx): they neither open it nor count", () => {
    const { b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onNeutral();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe("closed");
  });

  it("lets one trial through after the cool-down, and closes on its success", () => {
    const { b, states, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.onSuccess();
    expect(states).toEqual(["open", "half_open", "closed"]);
    expect(b.tryAcquire()).toBe(true);
  });

  it("re-opens when the trial fails", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(1000);
    b.tryAcquire();
    b.onFailure();
    expect(b.state).toBe("open");
    expect(b.tryAcquire()).toBe(false);
  });
});

describe("Bulkhead", () => {
  it("admits up to its limit, queues a few, refuses the rest, and hands slots over in order", async () => {
    const bulkhead = new Bulkhead(2, 1);
    const first = await bulkhead.acquire(100);
    const second = await bulkhead.acquire(100);
    const queued = bulkhead.acquire(1000);
    expect(await bulkhead.acquire(100)).toBeNull();
    first!();
    const third = await queued;
    expect(third).toBeInstanceOf(Function);
    second!();
    third!();
  });

  it("gives up on a queued call when its wait runs out", async () => {
    const bulkhead = new Bulkhead(1, 5);
    const held = await bulkhead.acquire(10);
    const started = Date.now();
    expect(await bulkhead.acquire(30)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    held!();
    expect(await bulkhead.acquire(10)).toBeInstanceOf(Function);
  });
});
