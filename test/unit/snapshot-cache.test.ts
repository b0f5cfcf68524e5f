import { createManualClock } from "../../src/emulator";
import { reducedMember } from "../../src/auth/reduced-view";
import { SnapshotCache } from "../../src/cache/snapshot-cache";
import { MemoryCacheStore } from "../../src/state/memory-cache-store";
import type { ValueStore } from "../../src/state/state-store";
import { ReadCoalescer } from "../../src/stytch/read-coalescer";
import type { DiscoveredOrganization, Member, Organization } from "../../src/stytch/types";

const LIFETIMES = { snapshotMs: 60_000, discoveryMs: 30_000 };
const KEY = { organizationId: "organization-1", memberId: "member-1" };

/** The fields that matter here: Dates, metadata that looks like dates, and withheld ones. */
const member = (): Member =>
  ({
    id: KEY.memberId,
    organizationId: KEY.organizationId,
    name: "Ada",
    mfaPhoneNumber: "+15555550100",
    trustedMetadata: { createdAt: "2020-01-01T00:00:00Z" },
    lockCreatedAt: null,
    lockExpiresAt: new Date("2031-02-03T04:05:06.000Z"),
    createdAt: new Date("2020-01-01T00:00:00.000Z"),
    updatedAt: new Date("2024-05-06T07:08:09.000Z"),
  }) as unknown as Member;
const organization = (): Organization =>
  ({
    id: KEY.organizationId,
    name: "Acme",
    createdAt: new Date("2019-01-01T00:00:00.000Z"),
    updatedAt: null,
    scimActiveConnection: { connectionId: "scim-1", bearerTokenExpiresAt: new Date("2030-01-01T00:00:00Z") },
  }) as unknown as Organization;

function cacheOn(store?: ValueStore) {
  const clock = createManualClock();
  const cache = new SnapshotCache(store ?? new MemoryCacheStore(1024 * 1024, clock.now), LIFETIMES);
  return { clock, cache };
}

describe("SnapshotCache", () => {
  it("gives back what it was told, Dates as Dates and metadata untouched", async () => {
    const { cache } = cacheOn();
    cache.remember({ member: member(), organization: organization() });
    expect(await cache.member(KEY)).toEqual(member());
    expect(await cache.organization(KEY.organizationId)).toEqual(organization());
    const discovered: DiscoveredOrganization[] = [
      {
        organization: organization(),
        member: member(),
        membershipType: "active_member",
        nextStep: "authenticated",
      },
    ];
    cache.rememberDiscovery("session-1", discovered);
    expect(await cache.discovery("session-1")).toEqual(discovered);
  });

  it("keeps what Stytch said even when the request then reduces its own object in place", async () => {
    const { cache } = cacheOn();
    const answered = member();
    cache.remember({ member: answered });
    reducedMember(answered);
    expect(answered.mfaPhoneNumber).toBeNull();
    expect((await cache.member(KEY))!.mfaPhoneNumber).toBe("+15555550100");
  });

  it("gives every read objects of its own", async () => {
    const { cache } = cacheOn();
    cache.remember({ member: member() });
    const first = (await cache.member(KEY))!;
    first.name = "changed by one request";
    expect((await cache.member(KEY))!.name).toBe("Ada");
  });

  it("serves each kind for its own lifetime, and forgets on request", async () => {
    const { cache, clock } = cacheOn();
    cache.remember({ member: member() });
    cache.rememberDiscovery("session-1", []);
    clock.advance(LIFETIMES.discoveryMs);
    expect(await cache.discovery("session-1")).toBeNull();
    expect(await cache.member(KEY)).not.toBeNull();
    clock.advance(LIFETIMES.snapshotMs - LIFETIMES.discoveryMs);
    expect(await cache.member(KEY)).toBeNull();
    cache.remember({ member: member() });
    cache.rememberDiscovery("session-1", []);
    await cache.forget({ member: KEY, sessionId: "session-1" });
    expect(await cache.member(KEY)).toBeNull();
    expect(await cache.discovery("session-1")).toBeNull();
  });

  it("keeps nothing with a lifetime of 0", async () => {
    const store = new MemoryCacheStore(1024 * 1024);
    const cache = new SnapshotCache(store, { snapshotMs: 0, discoveryMs: 0 });
    cache.remember({ member: member(), organization: organization() });
    cache.rememberDiscovery("session-1", []);
    expect(store.bytes).toBe(0);
  });

  it("fails open: a store that errs is a miss, and a failed write is forgotten", async () => {
    const failing: ValueStore = {
      put: () => Promise.reject(new Error("down")),
      get: () => Promise.reject(new Error("down")),
      delete: () => Promise.reject(new Error("down")),
    };
    const { cache } = cacheOn(failing);
    cache.remember({ member: member() });
    expect(await cache.member(KEY)).toBeNull();
    await expect(cache.forget({ member: KEY, sessionId: "session-1" })).resolves.toBeUndefined();
  });
});

describe("MemoryCacheStore", () => {
  it("stays within its bytes, forgetting the least recently used first", async () => {
    const store = new MemoryCacheStore(10_000);
    for (let i = 0; i < 100; i++) await store.put(`key-${i}`, "x".repeat(1_000), 60_000);
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    expect(await store.get("key-99")).not.toBeNull();
    expect(await store.get("key-0")).toBeNull();
  });
});

describe("ReadCoalescer", () => {
  it("shares one call among concurrent identical reads, and calls again once it settled", async () => {
    const reads = new ReadCoalescer<number>();
    let calls = 0;
    let answer!: (value: number) => void;
    const call = () => {
      calls++;
      return new Promise<number>((resolve) => (answer = resolve));
    };
    const burst = [reads.run("a", call), reads.run("a", call), reads.run("a", call)];
    const other = reads.run("b", () => Promise.resolve(7));
    expect(calls).toBe(1);
    answer(42);
    expect(await Promise.all(burst)).toEqual([42, 42, 42]);
    expect(await other).toBe(7);
    expect(reads.size).toBe(0);
    void reads.run("a", call);
    expect(calls).toBe(2);
  });

  it("shares a failure too, and does not keep it", async () => {
    const reads = new ReadCoalescer<number>();
    const failing = () => Promise.reject(new Error("unauthenticated"));
    await expect(Promise.all([reads.run("a", failing), reads.run("a", failing)])).rejects.toThrow(
      "unauthenticated",
    );
    await expect(reads.run("a", () => Promise.resolve(1))).resolves.toBe(1);
  });
});
