import type { LimiterClock } from "../../src/stytch/concurrency-limiter";

export interface FakeClock extends LimiterClock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order, each at its own time. */
  advance(ms: number): void;
  /** Timers scheduled and neither fired nor cancelled. */
  pending(): number;
}

interface Timer {
  at: number;
  fire: () => void;
  done: boolean;
}

/** A clock whose time moves only when a test says so: deadlines and waits without sleeping. */
export function createFakeClock(startMs = 1_700_000_000_000): FakeClock {
  let current = startMs;
  let timers: Timer[] = [];
  return {
    now: () => current,
    schedule(fire, ms) {
      const timer = { at: current + Math.max(0, ms), fire, done: false };
      timers.push(timer);
      return () => void (timer.done = true);
    },
    advance(ms) {
      const until = current + ms;
      for (;;) {
        timers = timers.filter((timer) => !timer.done);
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        current = due.at;
        due.done = true;
        due.fire();
      }
      current = until;
    },
    pending: () => timers.filter((timer) => !timer.done).length,
  };
}
