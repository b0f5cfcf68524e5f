import { rfc3339 } from "./clock";
import type { EmulatorContext } from "./context";
import { toMemberSession } from "./sessions";
import type { Member, MemberSession, Organization } from "./types";

// The read-only view of the emulator's data behind `handle.state` and GET /__emulator/state. Every getter
// returns copies, so tests can inspect freely without changing the emulator.

export interface SessionSummary {
  memberSessionId: string;
  sessionToken: string;
  memberId: string;
  organizationId: string;
  expiresAt: string;
  memberSession: MemberSession;
}

export interface EmulatorStateView {
  readonly organizations: Organization[];
  readonly members: Member[];
  /** Live (unexpired, unrevoked) sessions. */
  readonly sessions: SessionSummary[];
  readonly intermediateSessionCount: number;
  organization(idSlugOrExternalId: string): Organization | undefined;
  member(memberId: string): Member | undefined;
}

export function createStateView(ctx: EmulatorContext): EmulatorStateView {
  return {
    get organizations() {
      return structuredClone(ctx.store.orderedOrganizations());
    },
    get members() {
      return structuredClone([...ctx.store.members.values()].map((r) => r.member));
    },
    get sessions() {
      const now = ctx.clock();
      return [...ctx.store.sessionsById.values()]
        .filter((s) => s.expiresAt > now)
        .map((s) => ({
          memberSessionId: s.id,
          sessionToken: s.token,
          memberId: s.memberId,
          organizationId: s.organizationId,
          expiresAt: rfc3339(s.expiresAt),
          memberSession: structuredClone(toMemberSession(ctx, s)),
        }));
    },
    get intermediateSessionCount() {
      const now = ctx.clock();
      return [...ctx.store.intermediateSessions.values()].filter((i) => i.expiresAt > now).length;
    },
    organization: (id) => structuredClone(ctx.store.resolveOrganization(id)),
    member: (id) => structuredClone(ctx.store.members.get(id)?.member),
  };
}
