import type { StateStore } from "../state/state-store";
import type { AnonymousBudget } from "./anonymous-budget";
import { Counters, windowed, type Reservation } from "./counters";
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from "./limits";
import { hashAddress, hashCredential, keys, type KeyHash } from "./throttle-keys";

/** How Stytch judged an email code: only wrong ones count against the address. */
export type SignInVerdict = "wrong" | "right" | "uncounted";

export interface SignInCheck {
  settle(verdict: SignInVerdict): Promise<void>;
}

/**
 * Throttles sign-in emails and the codes and links they carry, before Stytch is called. Every count is the
 * same whether or not an address has an account, so neither an answer nor a refusal can tell.
 */
export class SignInGuard {
  private readonly counters: Counters;

  constructor(
    store: StateStore,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    now: () => number = Date.now,
    /** Shared stores only (Redis): see AnonymousBudget. */
    private readonly budget: AnonymousBudget | null = null,
    /** Addresses and client addresses are keyed hashes in the store (see keyedHash). */
    private readonly hash: KeyHash = hashCredential,
  ) {
    this.counters = new Counters(store, now);
  }

  /** An email to `emailAddress`: spaced and capped per address, capped per client. */
  async reserveEmail(emailAddress: string, client: string): Promise<Reservation> {
    const address = hashAddress(emailAddress, this.hash);
    const clientTake = windowed(keys.clientEmails(this.hash(client)), this.limits.emailsPerClient);
    await this.budget?.admit(clientTake);
    return this.counters.reserve([
      // The client first: a client over its limit creates no new keys (made-up addresses cannot flood the store).
      clientTake,
      windowed(
        keys.addressEmailSpacing(address),
        { limit: 1, windowMs: this.limits.emailSpacingMs },
        "An email was sent to this address moments ago; wait before asking for another.",
      ),
      windowed(keys.addressEmails(address), this.limits.emailsPerAddress),
    ]);
  }

  /**
   * A check of an email code (`emailAddress` given) or of a link's token: per client always; wrong codes also per
   * address, whichever step or sign-in they were for.
   */
  async reserveCheck(client: string, emailAddress?: string): Promise<SignInCheck> {
    const wrong =
      emailAddress === undefined
        ? null
        : windowed(
            keys.addressWrongCodes(hashAddress(emailAddress, this.hash)),
            this.limits.wrongCodesPerAddress,
            "Too many wrong codes for this address; try again later, or sign in with a link.",
          );
    const clientTake = windowed(keys.clientSignInChecks(this.hash(client)), this.limits.checksPerClient);
    await this.budget?.admit(clientTake);
    await this.counters.reserve([clientTake, ...(wrong ? [wrong] : [])]);
    return {
      settle: async (verdict) => {
        if (wrong && verdict !== "wrong") await this.counters.giveBack(wrong);
      },
    };
  }
}
