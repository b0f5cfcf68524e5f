/**
 * Three BFF replicas on loopback behind a round-robin "load balancer", sharing one Stytch emulator and one real
 * redis-server: the abuse limits hold in total, a sign-out reaches every replica within the stated bound, and
 * a page load costs no more Stytch calls spread over three replicas than on one.
 */
import Redis from "ioredis";
import { DEMO } from "../../src/emulator";
import { DEFAULT_REVOCATION_BOUNDS } from "../../src/state/redis/redis-revocations";
import { hashAddress, hashCredential } from "../../src/throttle/throttle-keys";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { redisConfig, startReplicas, type ReplicaSet } from "../support/replicas";
import type { GraphQLAnswer } from "../support/start-stack";
import { eventually } from "../support/wait";

const JWKS = "/v1/b2b/sessions/jwks/{project_id}";
const EXCHANGE = "/v1/b2b/sessions/exchange";
const CHECK = "/v1/b2b/otps/sms/authenticate";
const SWITCH_TO_GLOBEX = `mutation { exchangeSession(orgId: "globex") {
  __typename ... on MfaChallenge { intermediateSessionToken smsCodeSent member { id } organization { id } }
} }`;
const COMPLETE = `mutation ($o: ID!, $m: ID!, $t: String, $c: String!) {
  completeMfa(orgId: $o, memberId: $m, method: SMS_OTP, code: $c, intermediateSessionToken: $t) { session { id } }
}`;
const VIEWER = `{ viewer { member { id } } }`;
const PAGE_LOAD = `{ viewer {
  member { id name email mfaPhoneNumber trustedMetadata }
  organization { id name slug }
  organizations { organization { id name } member { id name mfaPhoneNumber trustedMetadata } isCurrent nextStep }
} }`;

let redis: RedisServer;
let set: ReplicaSet;
beforeAll(async () => {
  redis = await startRedisServer();
  // The deadline is not under test here (see redis-outage.test.ts): a busy machine must not trip it.
  set = await startReplicas(3, { redis: redisConfig(redis.url, { deadlineMs: 1000 }) });
  await set.settled();
});
beforeEach(async () => {
  set.emulator.reset();
  await redis.flush();
});
afterAll(async () => {
  await set?.stop();
  await redis?.close();
});

const calls = (route: string) => set.emulator.requestLog().filter((entry) => entry.route === route).length;
const codeOf = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.extensions?.code;
const wrongCode = (right: string) => (right === "000000" ? "111111" : "000000");
const freshAda = () => set.emulator.createSession({ memberId: DEMO.people.ada.members.acme });

describe("abuse limits across three replicas", () => {
  it("lets at most 3 switches per 10 minutes text a member in total, not per replica", async () => {
    const { sessionToken } = freshAda();
    set.emulator.clearRequestLog();
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await set.next().gql(SWITCH_TO_GLOBEX, {}, sessionToken));
    const texted = answers.filter((answer) => (answer.body.data?.exchangeSession as any)?.smsCodeSent);
    expect(texted).toHaveLength(3);
    expect(answers.filter((answer) => codeOf(answer) === "RATE_LIMITED")).toHaveLength(6);
    expect(calls(EXCHANGE)).toBe(3);
  });

  it("lets a fresh session's first exchange text past the member's limit once in total, not once per replica", async () => {
    const texts: number[] = [];
    for (let round = 0; round < 3; round++) {
      const { sessionToken } = freshAda();
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => set.next().gql(SWITCH_TO_GLOBEX, {}, sessionToken)),
      );
      texts.push(answers.filter((answer) => (answer.body.data?.exchangeSession as any)?.smsCodeSent).length);
      for (const answer of answers.filter((answer) => codeOf(answer) === "RATE_LIMITED"))
        expect(answer.body.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    }
    console.log(`texts per fresh session (30 concurrent exchanges over 3 replicas): ${texts.join(", ")}`);
    // 3 per session (the caller's limit) until the member's 6 are used up; then the one unreserved first exchange.
    expect(texts).toEqual([3, 3, 1]);
  });

  it("forwards at most 5 wrong codes for one step, round-robin or all at once over the replicas", async () => {
    const { sessionToken } = freshAda();
    const step = (await set.next().gql(SWITCH_TO_GLOBEX, {}, sessionToken)).body.data!.exchangeSession as any;
    expect(step.__typename).toBe("MfaChallenge");
    const right = set.emulator.lastSmsCode(step.member.id)!.code;
    const variables = {
      o: step.organization.id,
      m: step.member.id,
      t: step.intermediateSessionToken,
      c: wrongCode(right),
    };
    set.emulator.clearRequestLog();
    const answers = await Promise.all(Array.from({ length: 30 }, () => set.next().gql(COMPLETE, variables)));
    expect(calls(CHECK)).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => codeOf(answer) === "RATE_LIMITED").length).toBeGreaterThanOrEqual(25);
    expect(codeOf(await set.next().gql(COMPLETE, { ...variables, c: right }))).toBe("RATE_LIMITED");
  });
});

describe("sign-out across three replicas", () => {
  it("makes the JWT answer viewer: null on the other replicas within the stated bound", async () => {
    const { sessionJwt } = freshAda();
    const [one, two, three] = set.replicas;
    // Both others have verified (and cached) the JWT before the sign-out.
    for (const replica of [two, three])
      expect((await replica.gql(VIEWER, {}, sessionJwt)).body.data?.viewer).not.toBeNull();
    const signedOutAt = performance.now();
    expect((await one.gql(`mutation { signOut }`, {}, sessionJwt)).body.data).toEqual({ signOut: true });
    const seenAfter: number[] = [];
    for (const replica of [two, three]) {
      await eventually(
        () => replica.gql(VIEWER, {}, sessionJwt),
        (answer) => answer.body.data?.viewer === null,
        { ms: DEFAULT_REVOCATION_BOUNDS.staleAfterMs, intervalMs: 5, what: "viewer null after sign-out" },
      );
      seenAfter.push(performance.now() - signedOutAt);
    }
    expect(Math.max(...seenAfter)).toBeLessThan(DEFAULT_REVOCATION_BOUNDS.staleAfterMs);
    console.log(
      `sign-out seen by replicas 2 and 3 after ${seenAfter.map((ms) => ms.toFixed(1)).join(", ")} ms`,
    );
  });
});

describe("call economy across three replicas", () => {
  const pageLoads = async (next: () => { gql: ReplicaSet["replicas"][0]["gql"] }, sessions: number) => {
    set.emulator.clearRequestLog();
    for (let s = 0; s < sessions; s++) {
      const { sessionJwt } = set.emulator.createSession({ memberId: DEMO.people.ada.members.acme });
      for (let load = 0; load < 6; load++) {
        const answer = await next().gql(PAGE_LOAD, {}, sessionJwt);
        expect(answer.body.errors).toBeUndefined();
      }
    }
    const upstream = set.emulator.requestLog().filter((entry) => entry.route !== JWKS).length;
    return upstream / (sessions * 6);
  };

  it("costs no more Stytch calls per page load spread round-robin than on one replica", async () => {
    const oneReplica = await startReplicas(1, { emulator: set.emulator });
    try {
      const single = await pageLoads(() => oneReplica.replicas[0], 4);
      const spread = await pageLoads(() => set.next(), 4);
      console.log(
        `Stytch calls per page load: one replica (memory) ${single}, three replicas (Redis) ${spread}`,
      );
      expect(spread).toBeLessThanOrEqual(single);
    } finally {
      await oneReplica.stop();
    }
  });
});

describe("what Redis holds", () => {
  it("keys under the prefix, every one expiring, and no token, JWT, address or personal data in clear", async () => {
    const { sessionToken, sessionJwt } = freshAda();
    const step = (await set.next().gql(SWITCH_TO_GLOBEX, {}, sessionToken)).body.data!.exchangeSession as any;
    await set.next().gql(PAGE_LOAD, {}, sessionJwt);
    const ada = DEMO.people.ada;
    await set.next().gql(`mutation ($e: String!) { sendSignInCode(email: $e) }`, { e: ada.email });
    await set.next().gql(`mutation { signOut }`, {}, sessionJwt);
    const client = new Redis(redis.port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    try {
      const keys = await client.keys("*");
      expect(keys.length).toBeGreaterThan(5);
      // An address hashed without a key would be found again by hashing a list of addresses.
      const guessable = [hashAddress(ada.email), hashCredential("127.0.0.1"), "127.0.0.1"];
      const secrets = [
        sessionToken,
        sessionJwt,
        step.intermediateSessionToken,
        ada.email,
        ada.name,
        ada.phoneNumber,
      ];
      for (const key of keys) {
        expect(key.startsWith("bff:")).toBe(true);
        expect(await client.pttl(key)).toBeGreaterThan(0);
        const type = await client.type(key);
        const value =
          type === "zset" ? (await client.zrange(key, 0, -1)).join(" ") : ((await client.get(key)) ?? "");
        for (const secret of [...secrets, ...guessable]) expect(`${key} ${value}`).not.toContain(secret);
        if (key.startsWith("bff:cache:")) expect(value).toMatch(/^v1\./);
      }
      expect(keys.filter((key) => key.startsWith("bff:cache:snapshot:member:")).length).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});
