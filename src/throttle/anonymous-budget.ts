import type { StateStore } from "../state/state-store";
import { Counters, windowed, type Take } from "./counters";
import type { WindowLimit } from "./limits";

const BUDGET_KEY = "anon:budget";

/**
 * One budget, shared by every replica through the store (one atomic counter), for anonymous operations that
 * create keys: sign-in emails and checks (keyed on made-up addresses and client addresses) and checks of MFA
 * steps this BFF did not open. Every throttle key expires, but a flood of new addresses from new client
 * addresses creates keys faster than they expire; with Redis full (noeviction) every write fails, and the
 * throttles of signed-in members (switches, MFA) refuse too. The budget bounds what such a flood can make
 * Redis hold (limit × keys per operation × their lifetimes): past it, these operations are refused
 * (RATE_LIMITED, retryAfter the rest of the minute), and signed-in members are not.
 *
 * A unit is spent by every operation admitted, whatever happens next (refused by a narrower limit or not):
 * it may have created keys either way. A client already over its own limit is refused by that limit without
 * spending the budget (its key exists: no new key).
 */
export class AnonymousBudget {
  private readonly counters: Counters;

  constructor(
    private readonly store: StateStore,
    private readonly budget: WindowLimit,
    now: () => number = Date.now,
  ) {
    this.counters = new Counters(store, now);
  }

  async admit(client: Take): Promise<void> {
    const own = await this.store.peek(client.key).catch(() => null);
    if (own && own.count >= client.limit) return;
    // Never given back (see above); a store that cannot count refuses, as every throttle does.
    await this.counters.reserve([
      windowed(BUDGET_KEY, this.budget, "Too many sign-in attempts right now; try again in a minute."),
    ]);
  }
}
