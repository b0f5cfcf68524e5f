import { createManualClock } from "../../src/emulator";
import { MemoryStateStore } from "../../src/state/state-store";
import { AbuseGuard } from "../../src/throttle/abuse-guard";
import { DEFAULT_ABUSE_LIMITS } from "../../src/throttle/limits";
import { RateLimitedError } from "../../src/errors/app-errors";

const victim = { organizationId: "organization-1", memberId: "member-1" };

function guard() {
  const clock = createManualClock();
  return { clock, guard: new AbuseGuard(new MemoryStateStore(clock.now), DEFAULT_ABUSE_LIMITS, clock.now) };
}

describe("AbuseGuard", () => {
  it("does not let checks of made-up steps naming a member, still in flight, use up that member's limits", async () => {
    const { guard: g } = guard();
    // Steps nobody opened here carry no member: 12 of them pending at Stytch, unsettled.
    for (let i = 0; i < 12; i++) await g.reserveCodeCheck(`made-up-${i}`, null, "10.0.0.1");
    await expect(g.reserveCodeCheck("the-victims-step", victim, "10.0.0.2")).resolves.toBeDefined();
  });

  it("counts a member's in-flight checks of their own steps, so a burst cannot pass the member limit", async () => {
    const { guard: g } = guard();
    const steps = ["a", "b", "c"];
    let taken = 0;
    for (const step of steps)
      for (let i = 0; i < 5; i++) {
        try {
          await g.reserveCodeCheck(step, victim, "10.0.0.1");
          taken++;
        } catch (error) {
          expect(error).toBeInstanceOf(RateLimitedError);
        }
      }
    expect(taken).toBe(DEFAULT_ABUSE_LIMITS.wrongCodesPerMember.limit);
  });

  it("keeps a client's SMS unit when the send fails, and gives back the others", async () => {
    const { guard: g } = guard();
    for (let i = 0; i < DEFAULT_ABUSE_LIMITS.smsPerClient.limit; i++)
      await (await g.reserveSms(`made-up-${i}`, null, "10.0.0.1")).cancel();
    await expect(g.reserveSms("another", null, "10.0.0.1")).rejects.toBeInstanceOf(RateLimitedError);
    // The step units came back: the same step may be asked again from elsewhere.
    await expect(g.reserveSms("made-up-0", victim, "10.0.0.2")).resolves.toBeDefined();
  });

  it("opens a window again once it has passed", async () => {
    const { guard: g, clock } = guard();
    await g.reserveSms("step", victim, "10.0.0.1");
    await expect(g.reserveSms("step", victim, "10.0.0.1")).rejects.toMatchObject({
      extensions: { code: "RATE_LIMITED", retryAfter: 30 },
    });
    clock.advance(DEFAULT_ABUSE_LIMITS.smsSpacingMs);
    await expect(g.reserveSms("step", victim, "10.0.0.1")).resolves.toBeDefined();
  });
});

describe("AbuseGuard on a full store", () => {
  it("fails closed: what cannot be counted is refused, and a client over its limit adds no keys", async () => {
    const clock = createManualClock();
    const store = new MemoryStateStore(clock.now, 3);
    const g = new AbuseGuard(store, DEFAULT_ABUSE_LIMITS, clock.now);
    await g.reserveCodeCheck("step-1", victim, "10.0.0.1");
    expect(store.size).toBe(3);
    await expect(g.reserveCodeCheck("step-2", victim, "10.0.0.1")).rejects.toMatchObject({
      extensions: { code: "RATE_LIMITED", retryAfter: 60 },
    });
  });
});

it("adds no keys for a client already over its limit (made-up steps cannot flood the store)", async () => {
  const clock = createManualClock();
  const store = new MemoryStateStore(clock.now);
  const g = new AbuseGuard(store, DEFAULT_ABUSE_LIMITS, clock.now);
  for (let i = 0; i < DEFAULT_ABUSE_LIMITS.smsPerClient.limit; i++)
    await (await g.reserveSms(`made-up-${i}`, null, "10.0.0.1")).cancel();
  const size = store.size;
  for (let i = 0; i < 1000; i++)
    await expect(g.reserveSms(`flood-${i}`, null, "10.0.0.1")).rejects.toBeInstanceOf(RateLimitedError);
  expect(store.size).toBe(size);
});
