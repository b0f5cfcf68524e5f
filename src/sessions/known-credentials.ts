import { StoreFullError, StoreUnavailableError, type StateStore } from "../state/state-store";
import type { MemberKey } from "../stytch/port";
import type { MemberSession, Organization } from "../stytch/types";
import { hashCredential } from "../throttle/throttle-keys";

/** Slugs and external ids change rarely; a stale one only makes a throttle key its own. */
const ALIASES_KEPT_MS = 24 * 60 * 60_000;

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
 * What Stytch's answers taught about credentials (kept as long as the credential lives, keyed by its hash, never
 * the credential) and about organizations' spellings. Limits are then keyed on Stytch's own ids, whatever id,
 * slug or external id a client spells, and a token cookie and a JWT cookie can be checked to name one session.
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

  /** A discovery sign-in's intermediate session, as Stytch issued it to this BFF. */
  async rememberSignIn(intermediateSessionToken: string, endsAt: Date): Promise<void> {
    await this.put(`signin:${hashCredential(intermediateSessionToken)}`, { endsAt }, endsAt);
  }

  /** Whether a token is a pending step or a sign-in that Stytch issued through this BFF. */
  async isPending(intermediateSessionToken: string): Promise<boolean> {
    const hash = hashCredential(intermediateSessionToken);
    return (
      (await this.store.get(`step:${hash}`)) !== null || (await this.store.get(`signin:${hash}`)) !== null
    );
  }

  /** Every spelling Stytch accepts for an organization (id, slug, external id) names its id from now on. */
  async rememberOrganization(organization: Organization): Promise<void> {
    const until = new Date(this.now() + ALIASES_KEPT_MS);
    const spellings = [organization.id, organization.slug, organization.externalId];
    for (const spelling of spellings)
      if (spelling) await this.put(`org:${spelling}`, { id: organization.id }, until);
  }

  /** The organization's id for a spelling seen in an earlier answer; the spelling itself otherwise. */
  async organizationId(spelling: string): Promise<string> {
    return (await this.get<{ id: string }>(`org:${spelling}`))?.id ?? spelling;
  }

  private async put(key: string, value: object, until: Date): Promise<void> {
    const ttlMs = until.getTime() - this.now();
    if (ttlMs <= 0) return;
    try {
      await this.store.put(key, JSON.stringify(value), ttlMs);
    } catch (error) {
      // What is learned is an economy and a sharper key; throttles refuse on a full store anyway.
      if (!(error instanceof StoreFullError) && !(error instanceof StoreUnavailableError)) throw error;
    }
  }

  /**
   * What is learned fails open when the store cannot answer: an owner not known costs a Stytch call, a
   * spelling not known keys a limit on the spelling, and the throttles themselves refuse meanwhile.
   */
  private async get<T>(key: string): Promise<T | null> {
    let value: string | null;
    try {
      value = await this.store.get(key);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      value = null;
    }
    return value === null ? null : (JSON.parse(value) as T);
  }
}
