import DataLoader from "dataloader";
import type { MemberKey, StytchPort } from "../stytch/port";
import type { Member, Organization } from "../stytch/types";
import { alignByKey } from "./align-by-key";

/** Stytch's search pages hold at most 1,000 results: one batch must fit in one page. */
export const MAX_SEARCH_BATCH = 1000;

export interface Loaders {
  organizationById: DataLoader<string, Organization | null>;
  memberById: DataLoader<MemberKey, Member | null, string>;
  /** Remember what a Stytch answer already carried, so that no loader asks Stytch for it again. */
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
  // What Stytch answers already carried. The loaders answer these keys from here and search only the rest:
  // cheaper than DataLoader.prime, which makes a resolved promise per object (100 for one discovery answer).
  const primedOrganizations = new Map<string, Organization>();
  const primedMembers = new Map<string, Member>();
  const primeOrganization = (organization: Organization) =>
    primedOrganizations.set(organization.id, organization);

  const organizationById = new DataLoader<string, Organization | null>(
    (ids) =>
      loadMissing(
        ids,
        (id) => primedOrganizations.get(id),
        async (missing) => {
          onBatch("organizationById", missing.length);
          const organizations = await port.searchOrganizations(missing);
          return alignByKey(
            missing,
            organizations,
            (id) => id,
            (org) => org.id,
          );
        },
      ),
    { maxBatchSize: MAX_SEARCH_BATCH },
  );

  const memberById = new DataLoader<MemberKey, Member | null, string>(
    (keys) =>
      loadMissing(
        keys,
        (key) => primedMembers.get(memberCacheKey(key)),
        async (missing) => {
          onBatch("memberById", missing.length);
          const { members, organizations } = await port.searchMembers(missing);
          for (const organization of organizations) primeOrganization(organization);
          return alignByKey(missing, members, memberCacheKey, (member) =>
            memberCacheKey({ organizationId: member.organizationId, memberId: member.id }),
          );
        },
      ),
    { maxBatchSize: MAX_SEARCH_BATCH, cacheKeyFn: memberCacheKey },
  );

  return {
    organizationById,
    memberById,
    prime({ member, organization }) {
      if (organization) primeOrganization(organization);
      if (member)
        primedMembers.set(
          memberCacheKey({ organizationId: member.organizationId, memberId: member.id }),
          member,
        );
    },
    primedOrganization: (id) => primedOrganizations.get(id),
    primedMember: (key) => primedMembers.get(memberCacheKey(key)),
  };
}

/** One batch: known keys from memory, the others in one call (none when every key is known). */
async function loadMissing<K, V>(
  keys: readonly K[],
  known: (key: K) => V | undefined,
  fetch: (missing: K[]) => Promise<Array<V | null>>,
): Promise<Array<V | null>> {
  const answers: Array<V | null | undefined> = keys.map(known);
  // Positions fixed before the call: priming while it is in flight must not shift the alignment.
  const missingAt = answers.flatMap((answer, index) => (answer === undefined ? [index] : []));
  if (missingAt.length === 0) return answers as Array<V | null>;
  const fetched = await fetch(missingAt.map((index) => keys[index]));
  missingAt.forEach((index, n) => (answers[index] = fetched[n]));
  return answers as Array<V | null>;
}
