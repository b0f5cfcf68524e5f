import { RateLimitedError } from "../errors/app-errors";
import { StoreFullError, StoreUnavailableError, type StateStore } from "../state/state-store";

/** One counter a reservation takes a unit of. */
export interface Take {
  key: string;
  windowMs: number;
  limit: number;
  /** Whether waiting helps: windowed limits say when (retryAfter); a used-up pending step never recovers. */
  recovers: boolean;
  message: string;
}

/** Units taken before calling Stytch; given back when the call did not happen or did not count. */
export interface Reservation {
  cancel(): Promise<void>;
}

const TOO_MANY = "Too many requests; try again later.";
/** A shared store that cannot answer is retried after its breaker's cooldown; say a little more. */
const UNAVAILABLE_RETRY_S = 5;

/** A limit over a window that ends by itself, so that waiting helps. */
export function windowed(
  key: string,
  { limit, windowMs }: { limit: number; windowMs: number },
  message = TOO_MANY,
): Take {
  return { key, limit, windowMs, recovers: true, message };
}

/**
 * Limits as counters in the state store. Every limit is taken as a reserved unit first (an atomic increment),
 * so a burst of concurrent requests cannot all pass a check made before any of them was counted; a refused
 * request gives back what it took.
 */
export class Counters {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {}

  /** Takes a unit of each limit in turn; past any of them, gives all back and refuses (RATE_LIMITED). */
  async reserve(takes: Take[]): Promise<Reservation> {
    const taken: Take[] = [];
    for (const take of takes) {
      const counter = await this.store.increment(take.key, take.windowMs).catch(async (error: unknown) => {
        if (!(error instanceof StoreFullError) && !(error instanceof StoreUnavailableError)) throw error;
        // Fail closed: a throttle that cannot count refuses (see StoreFullError, StoreUnavailableError).
        await this.giveBackAll(taken);
        throw error instanceof StoreFullError
          ? new RateLimitedError(60, "The service is busy; try again in a minute.")
          : new RateLimitedError(UNAVAILABLE_RETRY_S, "The service is busy; try again in a few seconds.");
      });
      taken.push(take);
      if (counter.count > take.limit) {
        await this.giveBackAll(taken);
        const waitMs = counter.resetAt - this.now();
        throw new RateLimitedError(
          take.recovers ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined,
          take.message,
        );
      }
    }
    return { cancel: () => this.giveBackAll(taken) };
  }

  async giveBackAll(takes: Take[]): Promise<void> {
    await Promise.all(takes.map((take) => this.giveBack(take)));
  }

  async giveBack(take: Take): Promise<void> {
    try {
      // A window that has closed meanwhile needs nothing given back, and must not take a new key.
      if (await this.store.peek(take.key)) await this.store.increment(take.key, take.windowMs, -1);
    } catch (error) {
      // A unit that cannot be given back stays counted: the safe side of a limit, and no reason to fail a
      // request whose Stytch call already happened.
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
  }

  /** Units taken of a limit in its current window. */
  async count(key: string): Promise<number> {
    return (await this.store.peek(key))?.count ?? 0;
  }
}
