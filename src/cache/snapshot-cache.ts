import type { MemberKey } from "../stytch/port";
import type { DiscoveredOrganization, Member, Organization } from "../stytch/types";
import type { ValueStore } from "../state/state-store";
import { decodeDiscovery, decodeMember, decodeOrganization, encodeSnapshot } from "./snapshot-codec";

/** How long what Stytch said is shown again without asking; 0 turns that kind off. */
export interface SnapshotLifetimes {
  /** Members and organizations (names, emails, logos, policies). */
  snapshotMs: number;
  /** A session's list of organizations to switch into, with each one's predicted next step. */
  discoveryMs: number;
}

export type SnapshotKind = "member" | "organization" | "discovery";
/** Told of every read, for the hit-rate metric; must not throw. */
export type SnapshotObserver = (kind: SnapshotKind, hit: boolean) => void;

const memberKey = (key: MemberKey) => `snapshot:member:${key.organizationId}/${key.memberId}`;
const organizationKey = (id: string) => `snapshot:organization:${id}`;
const discoveryKey = (sessionId: string) => `snapshot:discovery:${sessionId}`;

/**
 * What Stytch's recent answers said about members, organizations and sessions' switch lists, shared by every
 * request, so that page loads do not ask Stytch again what it said moments ago. Display data only: who the
 * caller is, their session and roles come from the verified JWT or from Stytch, never from here, and an
 * exchange answers with the truth whatever a cached list predicted. A cache fails open: a store that errs is
 * a miss, and a write that fails is forgotten.
 */
export class SnapshotCache {
  constructor(
    private readonly store: ValueStore,
    private readonly lifetimes: SnapshotLifetimes,
    private readonly observe: SnapshotObserver = () => {},
  ) {}

  member(key: MemberKey): Promise<Member | null> {
    return this.read("member", memberKey(key), decodeMember);
  }

  organization(id: string): Promise<Organization | null> {
    return this.read("organization", organizationKey(id), decodeOrganization);
  }

  discovery(sessionId: string): Promise<DiscoveredOrganization[] | null> {
    return this.read("discovery", discoveryKey(sessionId), decodeDiscovery);
  }

  /**
   * Keeps what a Stytch answer just said. It is encoded before this returns, so a request may then reduce its
   * own objects in place without the snapshot losing anything.
   */
  remember({ member, organization }: { member?: Member | null; organization?: Organization }): void {
    const { snapshotMs } = this.lifetimes;
    if (member)
      this.write(
        memberKey({ organizationId: member.organizationId, memberId: member.id }),
        member,
        snapshotMs,
      );
    if (organization) this.write(organizationKey(organization.id), organization, snapshotMs);
  }

  rememberDiscovery(sessionId: string, discovered: readonly DiscoveredOrganization[]): void {
    this.write(discoveryKey(sessionId), discovered, this.lifetimes.discoveryMs);
  }

  /** After a switch, MFA or sign-out: the next read of these asks Stytch. */
  async forget({
    member,
    sessionId,
  }: {
    member?: MemberKey | null;
    sessionId?: string | null;
  }): Promise<void> {
    const keys = [member && memberKey(member), sessionId && discoveryKey(sessionId)];
    await Promise.all(keys.map((key) => key && this.store.delete(key).catch(() => undefined)));
  }

  private async read<T>(kind: SnapshotKind, key: string, decode: (text: string) => T): Promise<T | null> {
    let text: string | null = null;
    try {
      text = await this.store.get(key);
    } catch {
      // A store that errs is a miss.
    }
    this.observe(kind, text !== null);
    return text === null ? null : decode(text);
  }

  private write(key: string, value: unknown, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.store.put(key, encodeSnapshot(value), ttlMs).catch(() => undefined);
  }
}
