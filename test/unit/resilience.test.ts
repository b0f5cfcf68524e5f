import type { ServerResponse } from "node:http";
import type { AppError } from "../../src/errors/app-errors";
import type { RequestScope } from "../../src/request-scope";
import { CircuitBreaker, type BreakerState } from "../../src/stytch/circuit-breaker";
import { ConcurrencyLimiter, type Admission } from "../../src/stytch/concurrency-limiter";
import { GradientLimit } from "../../src/stytch/gradient-limit";
import { WaitingLine } from "../../src/stytch/waiting-line";
import { StytchHttpTransport, type CallSpec } from "../../src/stytch/http-transport";
import { toAppError } from "../../src/stytch/to-app-error";
import type { UpstreamFailure } from "../../src/stytch/upstream-failure";
import { createFakeClock } from "../support/fake-clock";
import { listenOnPort0, type LocalServer } from "./listen-on-port-0";

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

  it("neither counts nor resets on inconclusive calls, and frees the trial slot", () => {
    const { b, advance } = breaker();
    b.onFailure();
    b.onFailure();
    for (let i = 0; i < 10; i++) b.onInconclusive();
    expect(b.state).toBe("closed");
    b.onFailure();
    expect(b.state).toBe("open");
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.onInconclusive();
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

describe("GradientLimit", () => {
  /** A limit on a clock that moves only when told. */
  function gradientLimit(initial: number, max: number) {
    const clock = createFakeClock();
    return { limit: new GradientLimit({ initial, min: 4, max, now: clock.now }), clock };
  }

  /**
   * Rounds of calls that use the whole limit, each answered after the next of `rtts` (cycled); a round
   * takes as long as its slowest answer.
   */
  function loadedRounds(
    { limit, clock }: ReturnType<typeof gradientLimit>,
    rounds: number,
    rtts: number[],
  ): void {
    let next = 0;
    for (let round = 0; round < rounds; round++) {
      const inFlight = limit.current;
      for (let call = 0; call < inFlight; call++) {
        limit.onAnswer("sessions", rtts[next++ % rtts.length], inFlight);
      }
      clock.advance(Math.max(...rtts));
    }
  }

  it("climbs to its maximum while answers come as fast as usual and the limit is used", () => {
    const subject = gradientLimit(16, 256);
    loadedRounds(subject, 1, [100]);
    expect(subject.limit.current).toBeGreaterThan(16);
    expect(subject.limit.current).toBeLessThan(256);
    loadedRounds(subject, 40, [100]);
    expect(subject.limit.current).toBe(256);
  });

  it("climbs to its maximum with Stytch's usual spread of answer times (100-300 ms)", () => {
    const subject = gradientLimit(16, 256);
    loadedRounds(subject, 50, [100, 300, 150, 250, 200, 120, 280]);
    expect(subject.limit.current).toBe(256);
  });

  it("does not grow while less than half of it is used", () => {
    const { limit } = gradientLimit(16, 256);
    for (let i = 0; i < 1000; i++) limit.onAnswer("sessions", 100, 7);
    expect(limit.current).toBe(16);
  });

  /** Rounds against an upstream that serves `capacity` calls at once in `baseMs` and queues the rest. */
  function queueingRounds(subject: ReturnType<typeof gradientLimit>, rounds: number, capacity: number) {
    const baseMs = 100;
    for (let round = 0; round < rounds; round++) {
      const inFlight = subject.limit.current;
      const rtt = baseMs * Math.max(1, inFlight / capacity);
      for (let call = 0; call < inFlight; call++) subject.limit.onAnswer("sessions", rtt, inFlight);
      subject.clock.advance(rtt);
    }
  }

  it("shrinks towards what Stytch serves without queueing when our calls make it queue, and stays there", () => {
    const subject = gradientLimit(256, 256);
    loadedRounds(subject, 5, [100]);
    // Stytch now serves 64 at once: 256 in flight wait four times as long.
    queueingRounds(subject, 1, 64);
    expect(subject.limit.current).toBeLessThan(160);
    queueingRounds(subject, 40, 64);
    expect(subject.limit.current).toBeGreaterThanOrEqual(32);
    expect(subject.limit.current).toBeLessThanOrEqual(128);
    // Stytch recovers its capacity: the limit climbs back.
    loadedRounds(subject, 80, [100]);
    expect(subject.limit.current).toBe(256);
  });

  it("takes a slowdown that fewer calls do not ease as the new normal, and climbs back at once", () => {
    const subject = gradientLimit(256, 256);
    loadedRounds(subject, 5, [100]);
    // Stytch (or the network) is three times slower for everyone, however many calls we send.
    loadedRounds(subject, 1, [300]);
    expect(subject.limit.current).toBeLessThan(256);
    // The next round, at the lower limit, is no faster: the limit is back after it.
    loadedRounds(subject, 2, [300]);
    expect(subject.limit.current).toBe(256);
    loadedRounds(subject, 20, [300]);
    expect(subject.limit.current).toBe(256);
  });

  it("keeps answer times per group: slow searches are not read as queueing of fast sessions", () => {
    const { limit } = gradientLimit(64, 64);
    for (let i = 0; i < 50; i++) {
      limit.onAnswer("sessions", 100, 64);
      limit.onAnswer("search", 3000, 64);
    }
    expect(limit.current).toBe(64);
  });

  it("is hardly moved by a few outliers", () => {
    const subject = gradientLimit(256, 256);
    loadedRounds(subject, 5, [100]);
    for (let i = 0; i < 10; i++) subject.limit.onAnswer("sessions", 9000, 256);
    expect(subject.limit.current).toBeGreaterThan(240);
  });

  it("reads a timeout as slow only when it already took longer than usual", () => {
    const { limit } = gradientLimit(64, 64);
    for (let i = 0; i < 20; i++) limit.onAnswer("sessions", 100, 64);
    // Cut short by a request's budget after 20 ms: no evidence.
    for (let i = 0; i < 20; i++) limit.onTimeout("sessions", 20, 64);
    expect(limit.current).toBe(64);
    // A round of calls that got nothing for 3 s: queued somewhere, surely.
    for (let i = 0; i < 64; i++) limit.onTimeout("sessions", 3000, 64);
    expect(limit.current).toBeLessThan(48);
  });
});

describe("WaitingLine", () => {
  it("measures how fast its waiters are admitted, counting only the time it held waiters", () => {
    const clock = createFakeClock();
    const line = new WaitingLine<number>();
    expect(line.msPerPlace(clock.now())).toBeUndefined();
    clock.advance(5_000); // empty: not counted
    for (let i = 0; i < 8; i++) line.add(i, clock.now());
    for (let i = 0; i < 8; i += 2) {
      clock.advance(100);
      line.remove(i, clock.now(), true);
      line.remove(i + 1, clock.now(), true);
    }
    expect(line.msPerPlace(clock.now())).toBeCloseTo(50, -1);
  });

  it("knows nothing until a first waiter is admitted: the first waiters of a burst say nothing yet", () => {
    const clock = createFakeClock();
    const line = new WaitingLine<number>();
    for (let i = 0; i < 100; i++) line.add(i, clock.now());
    clock.advance(250);
    expect(line.msPerPlace(clock.now())).toBeUndefined();
  });

  it("slows down while its waiters stop being admitted, and forgets an old overload", () => {
    const clock = createFakeClock();
    const line = new WaitingLine<number>();
    for (let i = 0; i < 11; i++) line.add(i, clock.now());
    for (let i = 0; i < 10; i++) {
      clock.advance(10);
      line.remove(i, clock.now(), true);
    }
    expect(line.msPerPlace(clock.now())).toBeCloseTo(10, 0);
    clock.advance(500);
    expect(line.msPerPlace(clock.now())).toBeGreaterThan(50);
    line.remove(10, clock.now(), false);
    clock.advance(10_000);
    expect(line.msPerPlace(clock.now())).toBeUndefined();
  });
});

describe("ConcurrencyLimiter", () => {
  const FAR = 60_000;

  /** A limiter held at `size` (its minimum and maximum), on a clock that moves only when told. */
  function fixedLimiter(size: number, options: { maxQueued?: number } = {}) {
    const clock = createFakeClock();
    const limiter = new ConcurrencyLimiter({
      max: size,
      min: size,
      reservedGroup: "sessions",
      clock,
      ...options,
    });
    const outcomes: Array<{ group: string; admission?: Admission }> = [];
    /** Asks for a slot; its outcome lands in `outcomes` (in order of asking) whenever it is decided. */
    const ask = (group: string, deadlineInMs = FAR) => {
      const outcome: { group: string; admission?: Admission } = { group };
      outcomes.push(outcome);
      void limiter
        .acquire(group, clock.now() + deadlineInMs)
        .then((admission) => (outcome.admission = admission));
      return outcome;
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const admitted = (group?: string) =>
      outcomes.filter((o) => o.admission?.admitted && (!group || o.group === group)).length;
    const permitOf = (outcome: { admission?: Admission }) => {
      if (!outcome.admission?.admitted) throw new Error("not admitted");
      return outcome.admission.permit;
    };
    return { clock, limiter, ask, settle, admitted, permitOf, outcomes };
  }

  it("keeps a floor of the limit for sessions while a slow group takes all it may", async () => {
    const { limiter, ask, settle, admitted } = fixedLimiter(8);
    for (let i = 0; i < 10; i++) ask("search");
    await settle();
    // A quarter of 8 is kept for sessions: searches get 6 and wait for the rest.
    expect(admitted("search")).toBe(6);
    expect(limiter.snapshot()).toEqual({ limit: 8, inFlight: 6, queued: 4 });
    ask("sessions");
    ask("sessions");
    const third = ask("sessions");
    await settle();
    expect(admitted("sessions")).toBe(2);
    expect(third.admission).toBeUndefined();
  });

  it("lends idle capacity to any group: one group alone may use all but the sessions floor", async () => {
    const { ask, settle, admitted } = fixedLimiter(8);
    for (let i = 0; i < 8; i++) ask("discovery");
    await settle();
    expect(admitted("discovery")).toBe(6);

    const sessionsOnly = fixedLimiter(8);
    for (let i = 0; i < 8; i++) sessionsOnly.ask("sessions");
    await sessionsOnly.settle();
    expect(sessionsOnly.admitted("sessions")).toBe(8);

    const mixed = fixedLimiter(8);
    for (const group of ["search", "mfa", "discovery", "mfa", "discovery", "search"]) mixed.ask(group);
    await mixed.settle();
    expect(mixed.admitted()).toBe(6);
  });

  it("admits the oldest request's call first: a page load's second call goes before newer page loads' first", async () => {
    const { limiter, ask, settle, permitOf, clock } = fixedLimiter(4);
    const held = [ask("search"), ask("discovery"), ask("mfa"), ask("sessions")];
    await settle();
    // Two newer requests queue their first calls; then a request that started earlier asks for its second.
    const newer = [ask("sessions", FAR), ask("discovery", FAR)];
    clock.advance(10);
    const older = ask("discovery", FAR - 1_000);
    await settle();
    expect(limiter.snapshot().queued).toBe(3);
    limiter.release(permitOf(held[0]));
    await settle();
    expect(older.admission?.admitted).toBe(true);
    expect(newer.some((outcome) => outcome.admission)).toBe(false);
  });

  it("admits waiters in order of arrival whatever their group, so that a request's calls go out together", async () => {
    const { limiter, ask, settle, permitOf, clock } = fixedLimiter(4);
    const held = [ask("search"), ask("discovery"), ask("mfa"), ask("sessions")];
    await settle();
    expect(held.every((outcome) => outcome.admission?.admitted)).toBe(true);
    const waitingMfa = ask("mfa");
    clock.advance(1);
    const waitingSession = ask("sessions");
    clock.advance(1);
    const waitingSearch = ask("search");
    await settle();
    expect(limiter.snapshot().queued).toBe(3);

    limiter.release(permitOf(held[0]));
    await settle();
    expect(waitingMfa.admission?.admitted).toBe(true);
    expect(waitingSession.admission).toBeUndefined();

    limiter.release(permitOf(held[1]));
    await settle();
    expect(waitingSession.admission?.admitted).toBe(true);
    expect(waitingSearch.admission).toBeUndefined();
  });

  it("gives a slot only sessions may take (the floor) to a waiting session ahead of earlier searches", async () => {
    const { limiter, ask, settle, permitOf, clock } = fixedLimiter(4);
    const held = [ask("search"), ask("discovery"), ask("mfa"), ask("sessions")];
    await settle();
    const waitingSearch = ask("search");
    clock.advance(1);
    const waitingSession = ask("sessions");
    await settle();
    // The session's slot frees while three others hold the most they may (4 less the floor of 1).
    limiter.release(permitOf(held[3]));
    await settle();
    expect(waitingSession.admission?.admitted).toBe(true);
    expect(waitingSearch.admission).toBeUndefined();
  });

  /** Calls of 100 ms each, one after the other, so that the limiter knows how long a slot is held. */
  async function teachHoldingTime(setup: ReturnType<typeof fixedLimiter>, calls: number): Promise<void> {
    for (let i = 0; i < calls; i++) {
      const outcome = setup.ask("sessions");
      await setup.settle();
      setup.clock.advance(100);
      setup.limiter.onAnswer(setup.permitOf(outcome), 100);
      setup.limiter.release(setup.permitOf(outcome));
    }
    setup.outcomes.length = 0;
  }

  it("refuses at once, with a retryAfter, a call whose predicted wait and answer exceed its budget", async () => {
    const setup = fixedLimiter(8);
    await teachHoldingTime(setup, 20);
    for (let i = 0; i < 8; i++) setup.ask("sessions");
    // A slot frees every 100/8 ms. With the call's own 100 ms, and the slack both are given (half as long
    // again), this one fits in 250 ms, but not in 100.
    const fits = setup.ask("sessions", 250);
    const hopeless = setup.ask("sessions", 100);
    await setup.settle();
    expect(hopeless.admission).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(fits.admission).toBeUndefined();
    expect(setup.limiter.snapshot()).toEqual({ limit: 8, inFlight: 8, queued: 1 });
  });

  it("refuses at once beyond the queue's bound", async () => {
    const setup = fixedLimiter(4, { maxQueued: 2 });
    for (let i = 0; i < 6; i++) setup.ask("sessions");
    const beyond = setup.ask("sessions");
    await setup.settle();
    expect(setup.admitted()).toBe(4);
    expect(beyond.admission).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it("gives a waiter up at its deadline, not before", async () => {
    const { clock, ask, settle, admitted, limiter } = fixedLimiter(2);
    ask("sessions");
    ask("sessions");
    const waiting = ask("sessions", 1000);
    await settle();
    expect(admitted()).toBe(2);
    clock.advance(999);
    await settle();
    expect(waiting.admission).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(waiting.admission).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(limiter.snapshot().queued).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("grows with the load it measures, and admits waiters as it grows", async () => {
    const clock = createFakeClock();
    const limiter = new ConcurrencyLimiter({ max: 64, initial: 16, reservedGroup: "sessions", clock });
    expect(limiter.snapshot().limit).toBe(16);
    let served = 0;
    const client = async () => {
      while (served < 2000) {
        const admission = await limiter.acquire("sessions", clock.now() + FAR);
        if (!admission.admitted) throw new Error("refused");
        // Answers as fast as usual (clock untouched): the admitted callers keep the limit in use.
        await Promise.resolve();
        limiter.onAnswer(admission.permit, 100);
        limiter.release(admission.permit);
        served++;
      }
    };
    await Promise.all(Array.from({ length: 100 }, client));
    expect(limiter.snapshot()).toEqual({ limit: 64, inFlight: 0, queued: 0 });
  });
});

describe("StytchHttpTransport against a Stytch that holds every request", () => {
  let stytch: LocalServer;
  const held: ServerResponse[] = [];
  let onRequest: () => void = () => {};
  beforeAll(async () => {
    stytch = await listenOnPort0((_, res) => {
      held.push(res);
      onRequest();
    });
  });
  afterAll(() => stytch.close());

  const AUTHENTICATE: CallSpec = {
    endpoint: "sessions.authenticate",
    group: "sessions",
    method: "POST",
    path: "/v1/b2b/sessions/authenticate",
    idempotency: "read",
    body: {},
  };
  const scopeUntil = (deadline: number): RequestScope => ({ requestId: "r", deadline, upstreamCalls: [] });
  /** Resolves once Stytch holds `count` requests in all. */
  const stytchHolds = (count: number) =>
    new Promise<void>((resolve) => {
      onRequest = () => held.length >= count && resolve();
      onRequest();
    });

  it("opens the breaker neither for calls that waited here nor for calls the request's budget cut short", async () => {
    const clock = createFakeClock();
    const transport = new StytchHttpTransport({
      baseUrl: stytch.url,
      projectId: "project-test",
      secret: "secret-test",
      deadlineMs: 10_000,
      maxConnections: 4,
      breaker: { threshold: 2, cooldownMs: 60_000, now: clock.now },
      clock,
    });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: UpstreamFailure) => error,
      );
    try {
      // Four calls whose request ends in 100 ms fill the limit; three more wait, for 50 ms at most.
      const cutShort = Array.from({ length: 4 }, () =>
        failure(transport.call(AUTHENTICATE, scopeUntil(clock.now() + 100))),
      );
      await stytchHolds(4);
      const waiting = Array.from({ length: 3 }, () =>
        failure(transport.call(AUTHENTICATE, scopeUntil(clock.now() + 50))),
      );
      clock.advance(50);
      for (const error of await Promise.all(waiting)) {
        expect(error).toMatchObject({ kind: "saturated", details: { retryAfterSeconds: 1 } });
        expect((toAppError(error!) as AppError).extensions).toEqual({
          code: "UPSTREAM_UNAVAILABLE",
          retryAfter: 1,
        });
      }
      expect(transport.breakerState("sessions")).toBe("closed");

      clock.advance(50);
      for (const error of await Promise.all(cutShort)) expect(error?.kind).toBe("timeout");
      expect(transport.breakerState("sessions")).toBe("closed");

      // Calls that had Stytch's whole deadline and got nothing do count.
      const timedOut = [failure(transport.call(AUTHENTICATE)), failure(transport.call(AUTHENTICATE))];
      await stytchHolds(6);
      clock.advance(10_000);
      for (const error of await Promise.all(timedOut)) expect(error?.kind).toBe("timeout");
      expect(transport.breakerState("sessions")).toBe("open");
    } finally {
      await transport.close();
    }
  });
});
