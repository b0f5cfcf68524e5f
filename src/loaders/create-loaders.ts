import type { SnapshotCache } from "../cache/snapshot-cache";
import type { MemberKey, StytchPort } from "../stytch/port";
import type { Member, Organization } from "../stytch/types";
import { alignByKey } from "./align-by-key";
import { EntityLoader } from "./entity-loader";

export { MAX_SEARCH_BATCH } from "./entity-loader";

export interface Loaders {
  organizationById: EntityLoader<string, Organization>;
  memberById: EntityLoader<MemberKey, Member>;
  /** What this request already holds (e.g. read from the snapshot cache): no loader asks Stytch for it again. */
  prime(answer: { member?: Member | null; organization?: Organization }): void;
  /** What a Stytch answer just said: primed, and kept for later requests as snapshots. */
  learn(answer: { member?: Member | null; organization?: Organization }): void;
}

/** Told the size of every batch, for the DataLoader batch-size metric. */
export type BatchObserver = (loader: string, size: number) => void;

export const memberCacheKey = (key: MemberKey): string => `${key.organizationId}/${key.memberId}`;
const memberKeyOf = (member: Member): MemberKey => ({
  organizationId: member.organizationId,
  memberId: member.id,
});

/**
 * Built per request, never shared: a loader's map holds this request's own objects (which it may reduce in
 * place), and type-graphql keeps a single resolver instance per process. What is not known yet is looked up in
 * the snapshot cache first, then asked of Stytch in one batched search.
 */
export function createLoaders(
  stytch: StytchPort,
  snapshots: SnapshotCache,
  onBatch: BatchObserver = () => {},
): Loaders {
  const organizationById = new EntityLoader<string, Organization>(
    "organizationById",
    (id) => id,
    (ids) =>
      cacheFirst(
        ids,
        (id) => snapshots.organization(id),
        async (missing) => {
          onBatch("organizationById", missing.length);
          const organizations = await stytch.searchOrganizations(missing);
          for (const organization of organizations) snapshots.remember({ organization });
          return alignByKey(
            missing,
            organizations,
            (id) => id,
            (organization) => organization.id,
          );
        },
      ),
  );

  const memberById = new EntityLoader<MemberKey, Member>("memberById", memberCacheKey, (keys) =>
    cacheFirst(
      keys,
      (key) => snapshots.member(key),
      async (missing) => {
        onBatch("memberById", missing.length);
        const { members, organizations } = await stytch.searchMembers(missing);
        for (const member of members) snapshots.remember({ member });
        for (const organization of organizations) {
          snapshots.remember({ organization });
          organizationById.prime(organization.id, organization);
        }
        return alignByKey(missing, members, memberCacheKey, (member) => memberCacheKey(memberKeyOf(member)));
      },
    ),
  );

  const prime: Loaders["prime"] = ({ member, organization }) => {
    if (organization) organizationById.prime(organization.id, organization);
    if (member) memberById.prime(memberKeyOf(member), member);
  };
  return {
    organizationById,
    memberById,
    prime,
    learn(answer) {
      snapshots.remember(answer);
      prime(answer);
    },
  };
}

/** Each key's value from the snapshot cache, else from one fetch of every key it lacked; in key order. */
async function cacheFirst<K, V>(
  keys: readonly K[],
  cached: (key: K) => Promise<V | null>,
  fetch: (missing: K[]) => Promise<Array<V | null>>,
): Promise<Array<V | null>> {
  const fromCache = await Promise.all(keys.map(cached));
  const missing = keys.filter((_, index) => fromCache[index] === null);
  if (missing.length === 0) return fromCache;
  const fetched = await fetch(missing);
  let next = 0;
  return fromCache.map((value) => value ?? fetched[next++]);
}
