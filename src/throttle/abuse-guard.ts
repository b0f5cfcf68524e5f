import type { MemberKey } from "../stytch/port";
import { StoreFullError, StoreUnavailableError, type StateStore } from "../state/state-store";
import type { AnonymousBudget } from "./anonymous-budget";
import { Counters, windowed, type Reservation, type Take } from "./counters";
import { FirstExchanges } from "./first-exchanges";
import { DEFAULT_ABUSE_LIMITS, PENDING_STEP_MS, type AbuseLimits } from "./limits";
import { hashCredential, keys, memberKey, UNPROVEN_CALLER_PREFIX, type KeyHash } from "./throttle-keys";

export type { Reservation } from "./counters";

/** How Stytch judged a code: wrong ones count against the step and the member, other failures do not. */
export type CodeVerdict = "wrong" | "right" | "uncounted";

export interface CodeCheck {
  /** Returns whether the pending step is now used up (its cookie should go). */
  settle(verdict: CodeVerdict): Promise<{ stepUsedUp: boolean }>;
}

/** An exchange made Stytch text this member, for this pending step. */
export interface ExchangeSms {
  step: string;
  member: MemberKey;
}

/** How an exchange went: it made Stytch text (whom, for which step), it did not, or it failed. */
export type ExchangeResult = ExchangeSms | "quiet" | "failed";

export interface ExchangeTicket {
  /** `organizationId`: the organization's id from the answer, which every later spelling maps to. */
  settle(result: ExchangeResult, organizationId?: string): Promise<void>;
}

/** A learned pair reads "texts:org/member" (whom its exchanges text) or "quiet". */
const TEXTS = "texts:";
const QUIET = "quiet";
/**
 * An organization's MFA policy and a member's phone change rarely: what a caller's exchange into an organization
 * does is kept as long as the member SMS window, so a known caller gets no unreserved text by waiting.
 */
const LEARNED_FOR_MS = 60 * 60_000;

/**
 * Throttles what costs an SMS or guesses an MFA code, before Stytch is called (each limit a reserved unit:
 * see Counters); a refused or failed call gives its units back.
 */
export class AbuseGuard {
  /** First exchanges of a caller into an organization: one at a time across replicas (see FirstExchanges). */
  private readonly firstExchanges: FirstExchanges;

  private readonly counters: Counters;

  constructor(
    private readonly store: StateStore,
    private readonly limits: AbuseLimits = DEFAULT_ABUSE_LIMITS,
    now: () => number = Date.now,
    /** Shared stores only (Redis): checks of steps not known to be a member's spend it (see AnonymousBudget). */
    private readonly budget: AnonymousBudget | null = null,
    /** Client addresses are keyed hashes in the store (see keyedHash). */
    private readonly hash: KeyHash = hashCredential,
  ) {
    this.counters = new Counters(store, now);
    this.firstExchanges = new FirstExchanges(store);
  }

  /**
   * A code check: counted per pending step and client always, per member only when the step is known to be
   * that member's (opened through this BFF): a made-up token naming a victim must not use up the victim's limit.
   */
  async reserveCodeCheck(step: string, member: MemberKey | null, client: string): Promise<CodeCheck> {
    const stepTake: Take = {
      key: keys.stepAttempts(hashCredential(step)),
      windowMs: PENDING_STEP_MS,
      limit: this.limits.codeAttemptsPerStep,
      recovers: false,
      message: "Too many attempts for this MFA step: switch organizations again to start a new one.",
    };
    const memberTake: Take | null = member && {
      key: keys.memberWrongCodes(memberKey(member)),
      ...this.limits.wrongCodesPerMember,
      recovers: true,
      message: "Too many wrong MFA codes for this member; try again later.",
    };
    const clientTake = windowed(keys.clientAttempts(this.hash(client)), this.limits.codeAttemptsPerClient);
    if (!member) await this.budget?.admit(clientTake);
    // The client first: a client over its limit creates no new keys (made-up steps cannot flood the store).
    await this.counters.reserve([clientTake, stepTake, ...(memberTake ? [memberTake] : [])]);
    return {
      settle: async (verdict) => {
        if (verdict !== "wrong" && memberTake) await this.counters.giveBack(memberTake);
        if (verdict === "uncounted") await this.counters.giveBack(stepTake);
        if (verdict !== "wrong") return { stepUsedUp: false };
        const attempts = await this.store.peek(stepTake.key);
        return { stepUsedUp: (attempts?.count ?? 0) >= stepTake.limit };
      },
    };
  }

  /**
   * An SMS for a pending step. A failed send gives its units back, except the client's: a client spraying
   * made-up tokens is counted by every attempt. The member counts only when the step is known to be theirs.
   */
  async reserveSms(step: string, member: MemberKey | null, client: string): Promise<Reservation> {
    const stepHash = hashCredential(step);
    const takes: Take[] = [
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
    ];
    if (member) takes.push(windowed(keys.memberSms(memberKey(member)), this.limits.smsPerMember));
    const clientTake = windowed(keys.clientSms(this.hash(client)), this.limits.smsPerClient);
    if (!member) await this.budget?.admit(clientTake);
    await this.counters.reserve([clientTake, ...takes]);
    return { cancel: () => this.counters.giveBackAll(takes) };
  }

  /**
   * Before an exchange, which makes Stytch text the member when the organization demands MFA. Whether this
   * caller's exchanges into this organization text, and whom, is learned from the first answer and remembered
   * a while: exchanges known to text take a unit of the caller's, the member's and the client's SMS budgets;
   * those known not to are free; and while a first answer is awaited the others wait for it rather than each
   * risking an SMS.
   */
  async beforeExchange(caller: string, organization: string, client: string): Promise<ExchangeTicket> {
    // A token never seen here may be made up: each one opens keys of its own (its exchanges, the client's SMS
    // count) before Stytch refuses it, so such exchanges spend the anonymous budget like sign-ins do.
    if (isUnprovenCaller(caller))
      await this.budget?.admit(windowed(keys.clientSms(this.hash(client)), this.limits.smsPerClient));
    const pair = keys.exchangeTexts(caller, organization);
    for (;;) {
      const known = await this.store.get(pair);
      if (known === QUIET) return { settle: async () => {} };
      if (known !== null) return this.exchangeTicket(caller, pair, client, parseMember(known), () => {});
      const pending = this.firstExchanges.inFlightHere(pair);
      if (pending) {
        await pending;
        continue;
      }
      const release = await this.firstExchanges.claim(pair);
      if (!release) continue;
      // Learned by the claim's previous holder between the read above and the claim: no first exchange left.
      if ((await this.store.get(pair).catch(() => null)) !== null) {
        release();
        continue;
      }
      try {
        return await this.exchangeTicket(caller, pair, client, null, release);
      } catch (error) {
        release();
        throw error;
      }
    }
  }

  private async exchangeTicket(
    caller: string,
    pair: string,
    client: string,
    texts: MemberKey | null,
    finish: () => void,
  ): Promise<ExchangeTicket> {
    const takes = [
      windowed(keys.clientSms(this.hash(client)), this.limits.smsPerClient),
      windowed(keys.callerSmsExchanges(caller), this.limits.smsExchangesPerCaller),
      ...(texts ? [windowed(keys.memberSms(memberKey(texts)), this.limits.smsPerMember)] : []),
    ];
    await this.counters.reserve(takes);
    return {
      settle: async (result, organizationId) => {
        const pairs = [pair, ...(organizationId ? [keys.exchangeTexts(caller, organizationId)] : [])];
        try {
          if (result === "failed" || result === "quiet") await this.counters.giveBackAll(takes);
          const learned = typeof result === "object" ? `${TEXTS}${memberKey(result.member)}` : QUIET;
          if (result !== "failed")
            for (const known of pairs) await this.store.put(known, learned, LEARNED_FOR_MS);
          if (typeof result === "object") await this.countExchangeSms(result, texts === null);
        } catch (error) {
          // The exchange happened: a full or unreachable store must not lose its answer (the next reservation
          // fails closed).
          if (!(error instanceof StoreFullError) && !(error instanceof StoreUnavailableError)) throw error;
        } finally {
          finish();
        }
      },
    };
  }

  /** An exchange made Stytch text: the step's spacing opens, and the member is counted if not reserved. */
  private async countExchangeSms(texted: ExchangeSms, countMember: boolean): Promise<void> {
    const stepHash = hashCredential(texted.step);
    await Promise.all([
      this.store.increment(keys.stepSmsSpacing(stepHash), this.limits.smsSpacingMs),
      this.store.increment(keys.stepSms(stepHash), PENDING_STEP_MS),
      countMember &&
        this.store.increment(keys.memberSms(memberKey(texted.member)), this.limits.smsPerMember.windowMs),
    ]);
  }
}

function parseMember(learned: string): MemberKey | null {
  if (!learned.startsWith(TEXTS)) return null;
  const [organizationId, memberId] = learned.slice(TEXTS.length).split("/");
  return { organizationId, memberId };
}

function isUnprovenCaller(caller: string): boolean {
  return caller.startsWith(UNPROVEN_CALLER_PREFIX);
}
