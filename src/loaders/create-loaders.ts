import type { MemberKey, StytchPort } from "../stytch/port";
import type { Member, Organization } from "../stytch/types";
import { alignByKey } from "./align-by-key";
import { EntityLoader } from "./entity-loader";

export { MAX_SEARCH_BATCH } from "./entity-loader";

export interface Loaders {
  organizationById: EntityLoader<string, Organization>;
  memberById: EntityLoader<MemberKey, Member>;
  /** Remember what a Stytch answer already carried, so that no loader asks Stytch for it again. */
  prime(answer: { member?: Member | null; organization?: Organization }): void;
}

/** Told the size of every batch, for the DataLoader batch-size metric. */
export type BatchObserver = (loader: string, size: number) => void;

export const memberCacheKey = (key: MemberKey): string => `${key.organizationId}/${key.memberId}`;
const memberKeyOf = (member: Member): MemberKey => ({
  organizationId: member.organizationId,
  memberId: member.id,
});

/**
 * Built per request, never shared: a loader's cache holds one caller's view of Stytch, and type-graphql
 * keeps a single resolver instance per process.
 */
export function createLoaders(stytch: StytchPort, onBatch: BatchObserver = () => {}): Loaders {
  const organizationById = new EntityLoader<string, Organization>(
    "organizationById",
    (id) => id,
    async (ids) => {
      onBatch("organizationById", ids.length);
      const organizations = await stytch.searchOrganizations(ids);
      return alignByKey(
        ids,
        organizations,
        (id) => id,
        (organization) => organization.id,
      );
    },
  );

  const memberById = new EntityLoader<MemberKey, Member>("memberById", memberCacheKey, async (keys) => {
    onBatch("memberById", keys.length);
    const { members, organizations } = await stytch.searchMembers(keys);
    for (const organization of organizations) organizationById.prime(organization.id, organization);
    return alignByKey(keys, members, memberCacheKey, (member) => memberCacheKey(memberKeyOf(member)));
  });

  return {
    organizationById,
    memberById,
    prime({ member, organization }) {
      if (organization) organizationById.prime(organization.id, organization);
      if (member) memberById.prime(memberKeyOf(member), member);
    },
  };
}
