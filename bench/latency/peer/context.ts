import DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import type { B2BClient, Member, MemberSession, Organization } from "stytch";

/**
 * The naive peer's request context, as Stytch's quickstarts have it: every request authenticates its session
 * JWT over the network (sessions.authenticate), and members and organizations come from per-request
 * DataLoaders over Stytch's search endpoints. Nothing is primed from the authenticate answer and nothing
 * outlives the request.
 */
export interface PeerContext {
  stytch: B2BClient;
  jwt: string;
  session: MemberSession;
  members: DataLoader<string, Member | null>;
  organizations: DataLoader<string, Organization | null>;
}

/** A member is found by organization and id together, as Stytch's member search needs both. */
export const memberKey = (organizationId: string, memberId: string) => `${organizationId}/${memberId}`;

export async function createPeerContext(stytch: B2BClient, authorization?: string): Promise<PeerContext> {
  const jwt = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  if (!jwt) {
    throw new GraphQLError("Not signed in", {
      extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
    });
  }
  const { member_session: session } = await stytch.sessions.authenticate({ session_jwt: jwt });
  return {
    stytch,
    jwt,
    session,
    members: new DataLoader(async (keys) => {
      const [organizationIds, memberIds] = [0, 1].map((part) => [
        ...new Set(keys.map((k) => k.split("/")[part])),
      ]);
      const { members } = await stytch.organizations.members.search({
        organization_ids: organizationIds,
        limit: keys.length,
        query: { operator: "AND", operands: [{ filter_name: "member_ids", filter_value: memberIds }] },
      });
      const found = new Map(members.map((m) => [memberKey(m.organization_id, m.member_id), m]));
      return keys.map((key) => found.get(key) ?? null);
    }),
    organizations: new DataLoader(async (ids) => {
      const { organizations } = await stytch.organizations.search({
        limit: ids.length,
        query: { operator: "AND", operands: [{ filter_name: "organization_ids", filter_value: [...ids] }] },
      });
      const found = new Map(organizations.map((o) => [o.organization_id, o]));
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}
