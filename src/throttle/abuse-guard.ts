import { RateLimitedError } from "../errors/app-errors";
import type { MemberKey } from "../stytch/port";
import { DEFAULT_ABUSE_LIMITS, PENDING_STEP_MS, type AbuseLimits } from "./limits";
import type { StateStore } from "./state-store";
import { hashCredential, keys, memberKey } from "./throttle-keys";

/** One counter a reservation takes a unit of. */
interface Take {
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

/** How Stytch judged a code: wrong ones count against the step and the member, other failures do not. */
export type CodeVerdict = "wrong" | "right" | "uncounted";

export interface CodeCheck {
  /** Returns whether the pending step is now used up (its cookie should go). */
  settle(verdict: CodeVerdict): Promise<{ stepUsedUp: boolean }>;
}

/** How an exchange went: it made Stytch text the member, it did not, or it failed. */
export type ExchangeResult = "texted" | "quiet" | "failed";

export interface ExchangeTicket {
  settle(result: ExchangeResult): Promise<void>;
}

const TOO_MANY = "Too many requests; try again later.";
const TEXTS = "texts";
const QUIET = "quiet";
/** An organization's MFA policy and a member's phone change rarely: what an exchange does is kept this long. */
const LEARNED_FOR_MS = 10 * 60_000;

/**
 * Throttles what costs an SMS or guesses a code, before Stytch is called. Every limit is taken as a reserved
 * unit first (an atomic increment), so a burst of concurrent requests cannot all pass a check made before any
 * of them was counted; a refused or failed call gives its units back.
 */
export class AbuseGuard {
  /** First exchanges of a caller into an organization, in flight here: the others wait for their answer. */
  private readonly firstExchanges = new Map<string, Promise<void>>();

  constructor(
    private readonly store: StateStore,
    private readonly limits: AbuseLimits = DEFAULT_ABUSE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async reserveCodeCheck(step: string, member: MemberKey, client: string): Promise<CodeCheck> {
    const stepHash = hashCredential(step);
    const stepTake: Take = {
      key: keys.stepAttempts(stepHash),
      windowMs: PENDING_STEP_MS,
      limit: this.limits.codeAttemptsPerStep,
      recovers: false,
      message: "Too many attempts for this MFA step: switch organizations again to start a new one.",
    };
    const memberTake: Take = {
      key: keys.memberWrongCodes(memberKey(member)),
      ...this.limits.wrongCodesPerMember,
      recovers: true,
      message: "Too many wrong MFA codes for this member; try again later.",
    };
    const clientTake = this.windowed(keys.clientAttempts(client), this.limits.codeAttemptsPerClient);
    await this.reserve([stepTake, memberTake, clientTake]);
    return {
      settle: async (verdict) => {
        if (verdict !== "wrong") await this.giveBack(memberTake);
        if (verdict === "uncounted") await this.giveBack(stepTake);
        if (verdict !== "wrong") return { stepUsedUp: false };
        const attempts = await this.store.peek(stepTake.key);
        return { stepUsedUp: (attempts?.count ?? 0) >= stepTake.limit };
      },
    };
  }

  async reserveSms(step: string, member: MemberKey, client: string): Promise<Reservation> {
    const stepHash = hashCredential(step);
    return this.reserve([
      {
        key: keys.stepSmsSpacing(stepHash),
        windowMs: this.limits.smsSpacingMs,
        limit: 1,
        recovers: true,
        message: "An SMS code was sent moments ago; wait before asking for another.",
      },
      {
        key: keys.stepSms(stepHash),
        windowMs: PENDING_STEP_MS,
        limit: this.limits.smsPerStep,
        recovers: false,
        message: "No more SMS codes for this MFA step: switch organizations again to start a new one.",
      },
      this.windowed(keys.memberSms(memberKey(member)), this.limits.smsPerMember),
      this.windowed(keys.clientSms(client), this.limits.smsPerClient),
    ]);
  }

  /**
   * Before an exchange, which makes Stytch text the member when the organization demands MFA. Whether this
   * caller's exchanges into this organization text is learned from the first answer and remembered a while:
   * exchanges known to text take a unit of the caller's SMS budget, those known not to are free, and while a
   * first answer is awaited the others wait for it rather than each risking an SMS.
   */
  async beforeExchange(caller: string, organization: string): Promise<ExchangeTicket> {
    const pair = keys.exchangeTexts(caller, organization);
    for (;;) {
      const known = await this.store.get(pair);
      if (known === QUIET) return { settle: async () => {} };
      if (known === TEXTS) return this.exchangeTicket(caller, pair, () => {});
      const pending = this.firstExchanges.get(pair);
      if (!pending) break;
      await pending;
    }
    let learned!: () => void;
    this.firstExchanges.set(pair, new Promise<void>((resolve) => (learned = resolve)));
    const finish = () => {
      this.firstExchanges.delete(pair);
      learned();
    };
    try {
      return await this.exchangeTicket(caller, pair, finish);
    } catch (error) {
      finish();
      throw error;
    }
  }

  /** An exchange made Stytch send an SMS: it counts like a send, and opens the step's spacing. */
  async recordExchangeSms(step: string, member: MemberKey, client: string): Promise<void> {
    const stepHash = hashCredential(step);
    await Promise.all([
      this.store.increment(keys.stepSmsSpacing(stepHash), this.limits.smsSpacingMs),
      this.store.increment(keys.stepSms(stepHash), PENDING_STEP_MS),
      this.store.increment(keys.memberSms(memberKey(member)), this.limits.smsPerMember.windowMs),
      this.store.increment(keys.clientSms(client), this.limits.smsPerClient.windowMs),
    ]);
  }

  /** Remembers whose session a token is, for as long as the session lasts. */
  async rememberTokenOwner(sessionToken: string, member: MemberKey, until: Date): Promise<void> {
    const ttlMs = until.getTime() - this.now();
    const key = keys.tokenOwner(hashCredential(sessionToken));
    if (ttlMs > 0) await this.store.put(key, memberKey(member), ttlMs);
  }

  /** Who a caller is for per-caller limits: its member when known, else the hash of its token. */
  async callerKey(credential: string, member: MemberKey | null): Promise<string> {
    if (member) return `member:${memberKey(member)}`;
    const tokenHash = hashCredential(credential);
    const owner = await this.store.get(keys.tokenOwner(tokenHash));
    return owner ? `member:${owner}` : `token:${tokenHash}`;
  }

  private async exchangeTicket(caller: string, pair: string, finish: () => void): Promise<ExchangeTicket> {
    const budget = this.windowed(keys.callerSmsExchanges(caller), this.limits.smsExchangesPerCaller);
    const reservation = await this.reserve([budget]);
    return {
      settle: async (result) => {
        try {
          if (result !== "texted") await reservation.cancel();
          if (result !== "failed")
            await this.store.put(pair, result === "texted" ? TEXTS : QUIET, LEARNED_FOR_MS);
        } finally {
          finish();
        }
      },
    };
  }

  private windowed(key: string, { limit, windowMs }: { limit: number; windowMs: number }): Take {
    return { key, limit, windowMs, recovers: true, message: TOO_MANY };
  }

  private async reserve(takes: Take[]): Promise<Reservation> {
    const taken: Take[] = [];
    for (const take of takes) {
      const counter = await this.store.increment(take.key, take.windowMs);
      taken.push(take);
      if (counter.count > take.limit) {
        await Promise.all(taken.map((t) => this.giveBack(t)));
        const waitMs = counter.resetAt - this.now();
        throw new RateLimitedError(
          take.recovers ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined,
          take.message,
        );
      }
    }
    return { cancel: async () => void (await Promise.all(taken.map((t) => this.giveBack(t)))) };
  }

  private async giveBack(take: Take): Promise<void> {
    await this.store.increment(take.key, take.windowMs, -1);
  }
}
