/**
 * Redis full (maxmemory, noeviction) and the anonymous flood that could fill it. A sign-out still reaches every
 * replica through a full Redis (PUBLISH needs no memory), the replica that could not list it says so (store
 * degraded, bff_store_unsent_revocations) until it can; and anonymous operations that create keys share one
 * budget across replicas, so a flood of made-up addresses from made-up client addresses is refused before it
 * can fill Redis, while signed-in members keep switching.
 */
import Redis from "ioredis";
import { DEMO } from "../../src/emulator";
import { DEFAULT_REVOCATION_BOUNDS } from "../../src/state/redis/redis-revocations";
import { parseSamples } from "../support/metrics";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { redisConfig, startReplicas, type Replica, type ReplicaSet } from "../support/replicas";
import type { GraphQLAnswer } from "../support/start-stack";
import { eventually } from "../support/wait";

const VIEWER = `{ viewer { member { id } } }`;
const SWITCH = `mutation { exchangeSession(orgId: "hooli") { __typename } }`;
const SEND = `mutation ($e: String!) { sendSignInCode(email: $e) }`;
const DEADLINE_MS = 1000;
const BUDGET = 40;

const codeOf = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.extensions?.code;
const unsent = async (replica: Replica) =>
  parseSamples(await replica.metrics.registry.metrics()).get("bff_store_unsent_revocations");
const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250)).join(".")}`.slice(0, 15);
const madeUpAddress = (i: number) => `${Math.random().toString(36).slice(2)}-${i}@flood.example.org`;

async function connect(redis: RedisServer): Promise<Redis> {
  const client = new Redis(redis.port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  return client;
}

/** Writes 16 KB values until Redis refuses (OOM): the state a flood left it in. */
async function fill(client: Redis): Promise<number> {
  const value = "x".repeat(16 * 1024);
  for (let i = 0; ; i++) {
    try {
      await client.set(`junk:${i}`, value, "PX", 600_000);
    } catch (error) {
      expect(String(error)).toMatch(/OOM/);
      return i;
    }
  }
}

describe("a full Redis", () => {
  let redis: RedisServer;
  let set: ReplicaSet;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer({ args: ["--maxmemory", "4mb", "--maxmemory-policy", "noeviction"] });
    set = await startReplicas(3, { redis: redisConfig(redis.url, { deadlineMs: DEADLINE_MS }) });
    await set.settled();
    client = await connect(redis);
  });
  afterAll(async () => {
    client?.disconnect();
    await set?.stop();
    await redis?.close();
  });

  it("still carries a sign-out to every replica, and the signing-out replica is degraded until it is listed", async () => {
    const { sessionJwt, sessionToken } = set.emulator.createSession({
      memberId: DEMO.people.ada.members.acme,
    });
    const [one, ...others] = set.replicas;
    for (const replica of others)
      expect((await replica.gql(VIEWER, {}, sessionJwt)).body.data?.viewer).not.toBeNull();
    const junk = await fill(client);
    const signedOutAt = performance.now();
    expect((await one.gql(`mutation { signOut }`, {}, sessionToken)).body.data).toEqual({ signOut: true });
    for (const replica of others)
      await eventually(
        () => replica.gql(VIEWER, {}, sessionJwt),
        (answer) => answer.body.data?.viewer === null,
        { ms: DEFAULT_REVOCATION_BOUNDS.staleAfterMs, intervalMs: 5, what: "viewer null after sign-out" },
      );
    console.log(
      `full Redis (${junk} junk values): sign-out seen in ${(performance.now() - signedOutAt).toFixed(0)} ms`,
    );
    expect(one.shared!.status()).toBe("degraded");
    expect(await unsent(one)).toBe(1);
    // Every replica that met the full Redis says so, not only the one holding a sign-out (an outside finding:
    // the others answered "ok" while refusing every switch).
    const refusedSwitch = await others[0].gql(SWITCH, {}, sessionToken);
    expect(codeOf(refusedSwitch)).toMatch(/RATE_LIMITED|UNAUTHENTICATED/);
    const fullAnswer = await others[0].gql(SEND, { e: madeUpAddress(0) });
    expect(codeOf(fullAnswer)).toBe("RATE_LIMITED");
    expect(others[0].shared!.status()).toBe("degraded");
    const samples = parseSamples(await others[0].metrics.registry.metrics());
    expect([...samples.keys()].some((name) => name.includes('result="full"'))).toBe(true);
    expect(await client.zcard("bff:revoked")).toBe(0);

    // The junk goes, not the epoch (FLUSHDB would make a young epoch: 6 minutes of asking Stytch).
    await client.del(...Array.from({ length: junk }, (_, i) => `junk:${i}`));
    await eventually(
      async () => one.shared!.status(),
      (status) => status === "ok",
      {
        ms: 5 * DEFAULT_REVOCATION_BOUNDS.heartbeatMs,
        intervalMs: 20,
        what: "replica 1 ok once Redis has room",
      },
    );
    expect(await unsent(one)).toBe(0);
    expect(await client.zcard("bff:revoked")).toBe(1);
  });
});

/**
 * Three replicas behind trusted proxies (client addresses from X-Forwarded-For) on a small Redis with a small
 * anonymous budget, for the describe block that calls it; `set()` and `client()` once it has started.
 */
function withBudgetedReplicas() {
  let redis: RedisServer;
  let set: ReplicaSet;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer({ args: ["--maxmemory", "4mb", "--maxmemory-policy", "noeviction"] });
    const config = redisConfig(redis.url, { deadlineMs: DEADLINE_MS, anonymousPerMinute: BUDGET });
    set = await startReplicas(3, { redis: config, trustedProxyHops: 1 });
    await set.settled();
    client = await connect(redis);
  });
  afterAll(async () => {
    client?.disconnect();
    await set?.stop();
    await redis?.close();
  });
  return { set: () => set, client: () => client };
}

describe("an anonymous flood", () => {
  const { set, client } = withBudgetedReplicas();

  it("is refused past one budget shared by the replicas, and cannot make Redis hold more than it allows", async () => {
    const keysBefore = await client().dbsize();
    const answers: GraphQLAnswer[] = [];
    for (let round = 0; round < 10; round++)
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            set()
              .next()
              .gql(SEND, { e: madeUpAddress(i) }, undefined, randomIp()),
          ),
        )),
      );
    const refused = answers.filter((answer) => codeOf(answer) === "RATE_LIMITED");
    const keysAdded = (await client().dbsize()) - keysBefore;
    console.log(`flood of ${answers.length}: ${refused.length} refused; ${keysAdded} keys`);
    expect(answers.length - refused.length).toBe(BUDGET);
    for (const answer of refused) expect(answer.body.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    // Each admitted email creates at most 3 keys (client, address spacing, address count), plus the budget's own.
    expect(keysAdded).toBeLessThanOrEqual(BUDGET * 3 + 1);

    // A member whose token a page load has proven (a first switch with a token never seen here would spend the
    // spent budget: see the next test).
    const { sessionToken } = set().emulator.createSession({ memberId: DEMO.people.ada.members.acme });
    await set().replicas[0].gql(VIEWER, {}, sessionToken);
    const switched = await set().replicas[0].gql(SWITCH, {}, sessionToken, randomIp());
    expect(switched.body.data?.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
  });
});

describe("made-up bearer tokens switching organizations", () => {
  const { set, client } = withBudgetedReplicas();

  // An outside review's finding: each made-up token opened two keys (its exchanges, the client's SMS count)
  // before Stytch refused it, outside the budget, and filled Redis in seconds.
  it("spend the anonymous budget, so they cannot fill Redis, and a member still switches", async () => {
    const keysBefore = await client().dbsize();
    const answers: GraphQLAnswer[] = [];
    for (let round = 0; round < 10; round++)
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () =>
            set()
              .next()
              .gql(SWITCH, {}, `made-up-${Math.random().toString(36).slice(2)}x`.padEnd(44, "x"), randomIp()),
          ),
        )),
      );
    const codes = answers.map(codeOf);
    const admitted = codes.filter((code) => code !== "RATE_LIMITED");
    const keysAdded = (await client().dbsize()) - keysBefore;
    console.log(`made-up tokens: ${answers.length} switches, ${admitted.length} admitted; ${keysAdded} keys`);
    expect(admitted.length).toBe(BUDGET);
    expect(new Set(admitted)).toEqual(new Set(["UNAUTHENTICATED"]));
    // Each admitted one: at most its exchanges key and the client's SMS key, plus the budget's own.
    expect(keysAdded).toBeLessThanOrEqual(BUDGET * 2 + 1);

    const { sessionToken } = set().emulator.createSession({ memberId: DEMO.people.ada.members.acme });
    await set().replicas[0].gql(VIEWER, {}, sessionToken); // a token seen here is a known caller: no budget
    const switched = await set().replicas[0].gql(SWITCH, {}, sessionToken, randomIp());
    expect(switched.body.data?.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
  });
});
