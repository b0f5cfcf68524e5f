import { RateLimitedError } from "../errors/app-errors";
import { StoreFullError, StoreUnavailableError, type StateStore } from "../state/state-store";

/** Longer than any exchange may take (the request budget), so that a replica that died holding it frees it. */
const CLAIM_MS = 15_000;
const UNAVAILABLE_RETRY_S = 5;
/** How long an exchange waits for another replica's first exchange to be answered, and how often it looks. */
const WAIT_FOR_OTHER_MS = 3000;
const LOOK_EVERY_MS = 25;

/**
 * The first exchange of a caller into an organization, before its answer says whether (and whom) such
 * exchanges text, cannot reserve the member's SMS budget: it is let through unreserved, once. "Once" must hold
 * across replicas, or each replica would let its own through (one text per replica per fresh session), so it is
 * claimed in the store (SET NX PX). Within a replica, the others wait for its answer; across replicas they look
 * for it in the store (every 25 ms, at most 3 s: an exchange takes a Stytch call), then are refused for a moment
 * (RATE_LIMITED, retryAfter 1) should it still be unknown.
 */
export class FirstExchanges {
  private readonly here = new Map<string, Promise<void>>();

  constructor(private readonly store: StateStore) {}

  /** The first exchange for `pair` in flight in this replica, if any. */
  inFlightHere(pair: string): Promise<void> | undefined {
    return this.here.get(pair);
  }

  /**
   * Claims the first exchange for `pair`; resolves with its release (call it once its answer is learned), or
   * with null once another replica's first exchange has been answered or given up (look again).
   */
  async claim(pair: string): Promise<(() => void) | null> {
    let answered!: () => void;
    this.here.set(pair, new Promise<void>((resolve) => (answered = resolve)));
    const releaseHere = () => {
      this.here.delete(pair);
      answered();
    };
    const key = `${pair}:first`;
    let mine: boolean;
    try {
      mine = await this.store.claim(key, CLAIM_MS);
    } catch (error) {
      releaseHere();
      // Fail closed, as the throttles: an exclusivity that cannot be checked is not granted.
      if (error instanceof StoreUnavailableError) throw new RateLimitedError(UNAVAILABLE_RETRY_S);
      if (error instanceof StoreFullError) throw new RateLimitedError(60);
      throw error;
    }
    if (!mine) {
      releaseHere();
      await this.untilSettled(pair, key);
      return null;
    }
    return () => {
      releaseHere();
      void this.store.delete(key).catch(() => undefined);
    };
  }

  /** Until the other replica's answer is learned (`pair` set) or its claim is gone (its exchange failed). */
  private async untilSettled(pair: string, key: string): Promise<void> {
    const deadline = performance.now() + WAIT_FOR_OTHER_MS;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
      const [learned, claimed] = await Promise.all([this.store.get(pair), this.store.get(key)]).catch(() => [
        null,
        "unknown",
      ]);
      if (learned !== null || claimed === null) return;
    }
    throw new RateLimitedError(
      1,
      "A switch into this organization is already under way; try again in a moment.",
    );
  }
}
