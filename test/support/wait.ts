/**
 * Waiting without sleeping. A test waits for an event (a promise), never for a fixed time; where the event is
 * a real server's own timer or a child process, the wait has a deadline that fails the test saying what it
 * waited for, instead of the bare test timeout.
 */

/**
 * Resolves as `promise` does, or rejects once `ms` have passed, with `what` (and its details) as the reason.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const description = typeof what === "function" ? what() : what;
      reject(new Error(`still waiting after ${ms} ms: ${description}`));
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Asks `probe` again until `done` accepts its answer, with `intervalMs` between attempts, for at most `ms`.
 * Only for state that lives in another process and changes on that process's own clock (a child's breaker
 * cooling down): what lives in this process is awaited, or its clock advanced.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { ms: number; intervalMs: number; what: string },
): Promise<T> {
  const deadline = performance.now() + options.ms;
  let last = await probe();
  while (!done(last)) {
    if (performance.now() > deadline)
      throw new Error(`still waiting after ${options.ms} ms: ${options.what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    last = await probe();
  }
  return last;
}

/** A counter whose `reached(n)` resolves once it has been incremented `n` times. */
export function createCounter(): {
  increment(): void;
  readonly count: number;
  reached(n: number): Promise<void>;
} {
  let count = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    increment() {
      count++;
      for (const waiter of waiters.filter((waiter) => waiter.n <= count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    get count() {
      return count;
    },
    reached(n) {
      return n <= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}
