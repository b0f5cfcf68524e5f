import type { StateStore } from "../state/state-store";
import type { MemberKey } from "../stytch/port";
import type { MemberSession } from "../stytch/types";
import { hashCredential } from "../throttle/throttle-keys";

/** Whose session a token is, as Stytch said when it issued or authenticated it. */
export interface TokenOwner {
  sessionId: string;
  member: MemberKey;
}

/** A pending MFA or primary step as the answer that opened it described it. */
export interface KnownStep {
  member: MemberKey;
  endsAt: Date;
}

/**
 * What Stytch's answers taught about credentials, kept for as long as the credential lives, keyed by its hash
 * (never the credential). Limits are then keyed on Stytch's own ids, whatever id, slug or external id a client
 * spells, and a token cookie and a JWT cookie can be checked to name one session.
 */
export class KnownCredentials {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  async rememberToken(sessionToken: string, session: MemberSession): Promise<void> {
    const owner: TokenOwner = {
      sessionId: session.id,
      member: { organizationId: session.organizationId, memberId: session.memberId },
    };
    await this.put(`token:${hashCredential(sessionToken)}`, owner, session.expiresAt);
  }

  ownerOf(sessionToken: string): Promise<TokenOwner | null> {
    return this.get<TokenOwner>(`token:${hashCredential(sessionToken)}`);
  }

  async rememberStep(intermediateSessionToken: string, step: KnownStep): Promise<void> {
    await this.put(`step:${hashCredential(intermediateSessionToken)}`, step, step.endsAt);
  }

  async step(intermediateSessionToken: string): Promise<KnownStep | null> {
    const step = await this.get<{ member: MemberKey; endsAt: string }>(
      `step:${hashCredential(intermediateSessionToken)}`,
    );
    return step && { member: step.member, endsAt: new Date(step.endsAt) };
  }

  private async put(key: string, value: object, until: Date): Promise<void> {
    const ttlMs = until.getTime() - this.now();
    if (ttlMs > 0) await this.store.put(key, JSON.stringify(value), ttlMs);
  }

  private async get<T>(key: string): Promise<T | null> {
    const value = await this.store.get(key);
    return value === null ? null : (JSON.parse(value) as T);
  }
}
