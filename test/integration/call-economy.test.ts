/**
 * What page loads cost in Stytch calls once answers are shared across requests: the fields a verified JWT
 * carries cost nothing, snapshots and switch lists are served for their lifetime and forgotten when their
 * owner switches or signs out, and concurrent identical reads share one call.
 */
import { DEMO, defaultSeed } from "../../src/emulator";
import { DEFAULT_SNAPSHOT_LIFETIMES } from "../../src/server";
import { postGraphQL } from "../support/http";
import { scrape } from "../support/metrics";
import { startStack, type Stack } from "../support/start-stack";

const JWKS = "/v1/b2b/sessions/jwks/{project_id}";
const CLAIMS_ONLY = `{ viewer { member { id organizationId } organization { id slug } session { id member { id } organization { slug } } } }`;
const PAGE_LOAD = `{ viewer {
  member { id name email mfaPhoneNumber trustedMetadata }
  organization { id name slug }
  organizations { organization { id name } member { id name mfaPhoneNumber trustedMetadata } isCurrent nextStep }
} }`;
const SWITCH = `mutation ($orgId: ID!) { exchangeSession(orgId: $orgId) { __typename } }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const apiCalls = () =>
  stack.emulator
    .requestLog()
    .filter((entry) => entry.route !== JWKS)
    .map((entry) => entry.route ?? entry.path);
const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> => {
  stack.emulator.clearRequestLog();
  const result = await work();
  return { result, calls: apiCalls() };
};
const freshSession = (memberId: string = DEMO.people.ada.members.acme) =>
  stack.emulator.createSession({ memberId });

describe("fields the verified JWT carries", () => {
  it("cost no Stytch call, cold or warm", async () => {
    const { sessionJwt, memberId, organizationId } = freshSession(DEMO.people.bob.members.acme);
    for (const pass of ["cold", "warm"]) {
      const { result, calls } = await counted(() => stack.gql(CLAIMS_ONLY, {}, sessionJwt));
      expect({ pass, calls }).toEqual({ pass, calls: [] });
      expect(result.body.data!.viewer).toMatchObject({
        member: { id: memberId, organizationId },
        organization: { id: organizationId, slug: "acme" },
        session: { member: { id: memberId }, organization: { slug: "acme" } },
      });
    }
  });

  it("through fragments too, while one field beyond them costs the lookup", async () => {
    const { sessionJwt } = freshSession(DEMO.people.bob.members.acme);
    const fragments = `{ viewer { member { ...M } organization { ... on Organization { slug } } } }
      fragment M on Member { id __typename }`;
    expect((await counted(() => stack.gql(fragments, {}, sessionJwt))).calls).toEqual([]);
    const named = await counted(() => stack.gql(`{ viewer { member { id name } } }`, {}, sessionJwt));
    expect(named.calls).toEqual(["/v1/b2b/sessions/authenticate"]);
    expect((named.result.body.data!.viewer as any).member.name).toBe(DEMO.people.bob.name);
  });
});

describe("the page load across requests", () => {
  it("costs two calls cold and none while warm, answering the same, and the metrics count the hits", async () => {
    const { sessionJwt } = freshSession();
    const hits = async (kind: string) =>
      (await scrape(stack.metricsUrl)).samples.get(
        `bff_snapshot_cache_reads_total{kind="${kind}",result="hit"}`,
      ) ?? 0;
    const before = { member: await hits("member"), discovery: await hits("discovery") };
    const cold = await counted(() => stack.gql(PAGE_LOAD, {}, sessionJwt));
    expect(cold.result.body.errors).toBeUndefined();
    expect(cold.calls.sort()).toEqual(["/v1/b2b/discovery/organizations", "/v1/b2b/sessions/authenticate"]);
    for (let reload = 0; reload < 5; reload++) {
      const warm = await counted(() => stack.gql(PAGE_LOAD, {}, sessionJwt));
      expect(warm.calls).toEqual([]);
      expect(warm.result.body).toEqual(cold.result.body);
    }
    expect(await hits("member")).toBe(before.member + 5);
    expect(await hits("discovery")).toBe(before.discovery + 5);
  });

  it("withholds what it withholds before authentication on every read of a cached list", async () => {
    const { sessionJwt } = freshSession();
    const reads = [];
    for (let read = 0; read < 3; read++) reads.push((await stack.gql(PAGE_LOAD, {}, sessionJwt)).body);
    expect(reads[1]).toEqual(reads[0]);
    expect(reads[2]).toEqual(reads[0]);
    const viewer = reads[2].data!.viewer as any;
    expect(viewer.member.trustedMetadata).toMatchObject({ employee_id: "E-1001" });
    const current = viewer.organizations.filter((entry: any) => entry.isCurrent);
    expect(current.map((entry: any) => entry.member.trustedMetadata)).toEqual([
      viewer.member.trustedMetadata,
    ]);
    const others = viewer.organizations.filter((entry: any) => !entry.isCurrent);
    expect(others.length).toBeGreaterThan(0);
    for (const { member } of others)
      expect(member).toMatchObject({ mfaPhoneNumber: null, trustedMetadata: null });
    // Globex showed Ada's member reduced in acme's list; her own session there shows it whole.
    const globex = freshSession(DEMO.people.ada.members.globex);
    const own = (await stack.gql(PAGE_LOAD, {}, globex.sessionJwt)).body.data!.viewer as any;
    expect(own.member.mfaPhoneNumber).toBe(DEMO.people.ada.phoneNumber);
  });

  it("is shared by concurrent identical page loads: one call of each kind for twenty", async () => {
    const { sessionJwt } = freshSession(DEMO.people.bob.members.acme);
    const burst = await counted(() =>
      Promise.all(Array.from({ length: 20 }, () => stack.gql(PAGE_LOAD, {}, sessionJwt))),
    );
    for (const answer of burst.result) expect(answer.body).toEqual(burst.result[0].body);
    expect(burst.calls.sort()).toEqual(["/v1/b2b/discovery/organizations", "/v1/b2b/sessions/authenticate"]);
  });

  it("asks again once a snapshot has outlived its lifetime, and shows the change then", async () => {
    const memberId = DEMO.people.ada.members.acme;
    const first = freshSession(memberId);
    await stack.gql(PAGE_LOAD, {}, first.sessionJwt);
    const seed = defaultSeed();
    seed.members.find((member) => member.member_id === memberId)!.name = "Ada King";
    stack.emulator.seed(seed);
    const second = freshSession(memberId);
    const name = async () =>
      ((await stack.gql(`{ viewer { member { name } } }`, {}, second.sessionJwt)).body.data!.viewer as any)
        .member.name;
    stack.throttleClock.advance(DEFAULT_SNAPSHOT_LIFETIMES.snapshotMs - 1_000);
    expect(await name()).toBe(DEMO.people.ada.name);
    stack.throttleClock.advance(2_000);
    expect(await name()).toBe("Ada King");
  });
});

describe("invalidation", () => {
  it("forgets the switcher's list when it switches: its next page load asks Stytch again", async () => {
    // A mobile client: the opaque token on every request, so each page load authenticates it with Stytch.
    const { sessionToken } = freshSession();
    await stack.gql(PAGE_LOAD, {}, sessionToken);
    const warm = await counted(() => stack.gql(PAGE_LOAD, {}, sessionToken));
    expect(warm.calls).toEqual(["/v1/b2b/sessions/authenticate"]);
    const switched = await stack.gql(SWITCH, { orgId: DEMO.organizations.hooli.id }, sessionToken);
    expect(switched.body.data).toEqual({ exchangeSession: { __typename: "AuthenticatedSession" } });
    const after = await counted(() => stack.gql(PAGE_LOAD, {}, sessionToken));
    expect(after.calls.sort()).toEqual(["/v1/b2b/discovery/organizations", "/v1/b2b/sessions/authenticate"]);
  });

  it("forgets a browser's list when it switches, its JWT naming the session", async () => {
    const { sessionJwt, sessionToken } = freshSession();
    await stack.gql(PAGE_LOAD, {}, sessionJwt);
    expect((await counted(() => stack.gql(PAGE_LOAD, {}, sessionJwt))).calls).toEqual([]);
    const cookie = `stytch_session=${sessionToken}; stytch_session_jwt=${sessionJwt}`;
    const switched = await postGraphQL(stack.url, SWITCH, { orgId: DEMO.organizations.hooli.id }, { cookie });
    expect(switched.json.data).toEqual({ exchangeSession: { __typename: "AuthenticatedSession" } });
    const after = await counted(() => stack.gql(PAGE_LOAD, {}, sessionJwt));
    expect(after.calls.sort()).toEqual(["/v1/b2b/discovery/organizations", "/v1/b2b/sessions/authenticate"]);
  });

  it("keeps nothing of a signed-out session that another request could be shown", async () => {
    const { sessionJwt, sessionToken } = freshSession();
    await stack.gql(PAGE_LOAD, {}, sessionJwt);
    await stack.gql("mutation { signOut }", {}, sessionToken);
    const after = await counted(() => stack.gql(PAGE_LOAD, {}, sessionJwt));
    expect(after.result.body).toEqual({ data: { viewer: null } });
    expect(after.calls).toEqual([]);
  });
});
