import DataLoader from "dataloader";
import type { MemberKey, StytchPort } from "../stytch/port";
import type { Member, Organization } from "../stytch/types";
import { alignByKey } from "./align-by-key";

/** Stytch's search pages hold at most 1,000 results: one batch must fit in one page. */
export const MAX_SEARCH_BATCH = 1000;

export interface Loaders {
  organizationById: DataLoader<string, Organization | null>;
  memberById: DataLoader<MemberKey, Member | null, string>;
  /** Remember what a Stytch answer already carried, so that no later field asks Stytch for it again. */
  prime(answer: { member?: Member; organization?: Organization }): void;
  /**
   * What was primed, without a promise: a field answered by a plain value lets graphql-js complete its
   * object synchronously, instead of awaiting a resolved DataLoader promise per field. Ask these first.
   */
  primedOrganization(id: string): Organization | undefined;
  primedMember(key: MemberKey): Member | undefined;
}

/** Told the size of every batch, for the DataLoader batch-size metric. */
export type BatchObserver = (loader: string, size: number) => void;

export const memberCacheKey = (key: MemberKey): string => `${key.organizationId}/${key.memberId}`;

/**
 * Built per request, never shared: a loader's cache holds one caller's view of Stytch, and type-graphql
 * keeps a single resolver instance per process.
 */
export function createLoaders(port: StytchPort, onBatch: BatchObserver = () => {}): Loaders {
  const organizationById = new DataLoader<string, Organization | null>(
    async (ids) => {
      onBatch("organizationById", ids.length);
      const organizations = await port.searchOrganizations(ids);
      return alignByKey(
        ids,
        organizations,
        (id) => id,
        (org) => org.id,
      );
    },
    { maxBatchSize: MAX_SEARCH_BATCH },
  );

  const memberById = new DataLoader<MemberKey, Member | null, string>(
    async (keys) => {
      onBatch("memberById", keys.length);
      const { members, organizations } = await port.searchMembers(keys);
      for (const organization of organizations) primeOrganization(organization);
      return alignByKey(keys, members, memberCacheKey, (member) =>
        memberCacheKey({ organizationId: member.organizationId, memberId: member.id }),
      );
    },
    { maxBatchSize: MAX_SEARCH_BATCH, cacheKeyFn: memberCacheKey },
  );

  const primedOrganizations = new Map<string, Organization>();
  const primedMembers = new Map<string, Member>();

  function primeOrganization(organization: Organization): void {
    organizationById.prime(organization.id, organization);
    primedOrganizations.set(organization.id, organization);
  }

  return {
    organizationById,
    memberById,
    prime({ member, organization }) {
      if (organization) primeOrganization(organization);
      if (!member) return;
      const key = { organizationId: member.organizationId, memberId: member.id };
      memberById.prime(key, member);
      primedMembers.set(memberCacheKey(key), member);
    },
    primedOrganization: (id) => primedOrganizations.get(id),
    primedMember: (key) => primedMembers.get(memberCacheKey(key)),
  };
}
