import {
  createEmulator,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scaleOrganizationId,
  scaleSeed,
  type Emulator,
} from "../../src/emulator";
import { createLoaders, MAX_SEARCH_BATCH } from "../../src/loaders/create-loaders";
import { StytchHttpTransport } from "../../src/stytch/http-transport";
import { StytchAdapter } from "../../src/stytch/stytch-adapter";
import { SnapshotCache } from "../../src/cache/snapshot-cache";
import { MemoryCacheStore } from "../../src/state/memory-cache-store";

const ORGANIZATIONS = 2500;
let emulator: Emulator;
let transport: StytchHttpTransport;
let adapter: StytchAdapter;

beforeAll(async () => {
  emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({ organizations: ORGANIZATIONS, people: 3, membershipsPerPerson: 3 }),
  });
  const { url } = await emulator.start({ port: 0 });
  transport = new StytchHttpTransport({
    baseUrl: url,
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    deadlineMs: 5000,
    maxConnections: 4,
  });
  adapter = new StytchAdapter(transport);
});
afterAll(async () => {
  await transport.close();
  await emulator.stop();
});

/** A cold cache of its own for each loader set: these tests count what reaches Stytch. */
const coldCache = () =>
  new SnapshotCache(new MemoryCacheStore(64 * 1024 * 1024), { snapshotMs: 60_000, discoveryMs: 60_000 });

const searches = () =>
  emulator.requestLog().filter((entry) => entry.route === "/v1/b2b/organizations/search");

describe("organizationById", () => {
  it.each([1, 10, 100, 2500])(
    "resolves %i distinct unprimed organizations in ceil(K / maxBatchSize) searches",
    async (k) => {
      emulator.clearRequestLog();
      const ids = Array.from({ length: k }, (_, i) => scaleOrganizationId(i));
      // Stytch answers in its own order: ask in reverse so that key alignment matters.
      ids.reverse();
      const loaders = createLoaders(adapter, coldCache());
      const organizations = await Promise.all(ids.map((id) => loaders.organizationById.load(id)));
      expect(searches()).toHaveLength(Math.ceil(k / MAX_SEARCH_BATCH));
      expect(organizations.map((organization) => organization?.id)).toEqual(ids);
      expect(new Set(organizations).size).toBe(k);
    },
  );

  it("answers null for an organization Stytch does not know, beside found ones, in one call", async () => {
    emulator.clearRequestLog();
    const loaders = createLoaders(adapter, coldCache());
    const [missing, found] = await Promise.all([
      loaders.organizationById.load("organization-test-00000000-0000-4000-8000-00000000dead"),
      loaders.organizationById.load(scaleOrganizationId(7)),
    ]);
    expect(missing).toBeNull();
    expect(found?.id).toBe(scaleOrganizationId(7));
    expect(searches()).toHaveLength(1);
  });

  it("costs nothing for what an answer already carried", async () => {
    const loaders = createLoaders(adapter, coldCache());
    const [organization] = await adapter.searchOrganizations([scaleOrganizationId(1)]);
    emulator.clearRequestLog();
    loaders.prime({ organization });
    expect(await loaders.organizationById.load(organization.id)).toBe(organization);
    // Also without a promise, so that graphql-js completes the field synchronously.
    expect(loaders.organizationById.peek(organization.id)).toBe(organization);
    expect(loaders.organizationById.peek(scaleOrganizationId(2))).toBeUndefined();
    expect(emulator.requestLog()).toHaveLength(0);
  });
  it("searches only what no answer carried, and keeps each key's own answer in a mixed batch", async () => {
    const loaders = createLoaders(adapter, coldCache());
    const primed = await adapter.searchOrganizations([scaleOrganizationId(3), scaleOrganizationId(5)]);
    for (const organization of primed) loaders.prime({ organization });
    emulator.clearRequestLog();
    const ids = [3, 4, 5, 6].map((i) => scaleOrganizationId(i));
    const loaded = await Promise.all(ids.map((id) => loaders.organizationById.load(id)));
    expect(loaded.map((organization) => organization?.id)).toEqual(ids);
    expect(loaded[0]).toBe(loaders.organizationById.peek(ids[0]));
    expect(searches()).toHaveLength(1);
    expect(searches()[0].body).toMatchObject({
      query: { operands: [{ filter_value: [ids[1], ids[3]] }] },
    });
  });
});

describe("across requests", () => {
  it("finds what an earlier request fetched in the snapshot cache, and searches only for the rest", async () => {
    const cache = coldCache();
    const members = emulator.state.members.slice(0, 4);
    const keys = members.map((member) => ({
      organizationId: member.organization_id,
      memberId: member.member_id,
    }));
    const first = createLoaders(adapter, cache);
    await Promise.all(keys.slice(0, 2).map((key) => first.memberById.load(key)));
    await first.organizationById.load(scaleOrganizationId(11));
    emulator.clearRequestLog();
    const second = createLoaders(adapter, cache);
    const loaded = await Promise.all(keys.map((key) => second.memberById.load(key)));
    expect(loaded.map((member) => member?.id)).toEqual(keys.map((key) => key.memberId));
    expect((await second.organizationById.load(scaleOrganizationId(11)))?.id).toBe(scaleOrganizationId(11));
    const asked = emulator.requestLog();
    expect(asked.map((entry) => entry.route)).toEqual(["/v1/b2b/organizations/members/search"]);
    expect(asked[0].body).toMatchObject({
      query: { operands: [{ filter_value: keys.slice(2).map((key) => key.memberId) }] },
    });
    // Objects of its own: the second request's member is not the first's.
    expect(second.memberById.peek(keys[0])).not.toBe(first.memberById.peek(keys[0]));
  });
});

describe("memberById", () => {
  it("looks members up by (organization, member) in one search and primes their organizations", async () => {
    const members = emulator.state.members.slice(0, 6);
    emulator.clearRequestLog();
    const loaders = createLoaders(adapter, coldCache());
    const keys = members
      .map((member) => ({ organizationId: member.organization_id, memberId: member.member_id }))
      .reverse();
    const loaded = await Promise.all(keys.map((key) => loaders.memberById.load(key)));
    expect(loaded.map((member) => member?.id)).toEqual(keys.map((key) => key.memberId));
    expect(emulator.requestLog().map((entry) => entry.route)).toEqual([
      "/v1/b2b/organizations/members/search",
    ]);
    await loaders.organizationById.load(keys[0].organizationId);
    expect(loaders.organizationById.peek(keys[0].organizationId)?.id).toBe(keys[0].organizationId);
    expect(emulator.requestLog()).toHaveLength(1);
  });

  it("does not hand out a member under another organization's key", async () => {
    const [member] = emulator.state.members;
    const other = emulator.state.organizations.find((org) => org.organization_id !== member.organization_id)!;
    const loaders = createLoaders(adapter, coldCache());
    expect(
      await loaders.memberById.load({ organizationId: other.organization_id, memberId: member.member_id }),
    ).toBeNull();
  });
});
