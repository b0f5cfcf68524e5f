import { Pool } from "undici";
import {
  createEmulator,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scaleMemberId,
  scaleSeed,
  type Emulator,
} from "../../src/emulator";
import { startShipped, type ShippedProcess } from "../support/shipped-process";
import { eventually } from "../support/wait";

/**
 * The largest answer a client can make the BFF hold, many times at once: a member of 50 organizations lists
 * them all (each with its organization and member), 1,000 requests at once, while Stytch takes 300 ms per
 * discovery. Every request is held in memory until Stytch answers or the BFF sheds it.
 */
const ORGANIZATIONS = 50;
const BURST = 1000;
const UPSTREAM_LATENCY_MS = 300;
/** Resident memory after the burst. Idle, the BFF holds ~85 MB; after the burst ~150-200 MB. */
const RSS_BOUND_MB = 300;
/** The shipped breaker's cooldown (src/stytch/http-transport.ts). */
const BREAKER_COOLDOWN_MS = 5_000;
const QUERY = `{ viewer { organizations { organization { id name } member { id } } } }`;

let emulator: Emulator;
let bff: ShippedProcess;
let pool: Pool;
let sessionJwt: string;
beforeAll(async () => {
  emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({ people: 1, organizations: ORGANIZATIONS, membershipsPerPerson: ORGANIZATIONS }),
  });
  const { url } = await emulator.start({ port: 0 });
  sessionJwt = emulator.createSession({ memberId: scaleMemberId(0, 0) }).sessionJwt;
  bff = await startShipped({
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: "0",
    STYTCH_PROJECT_ID: DEV_PROJECT_ID,
    STYTCH_SECRET: DEV_SECRET,
    STYTCH_BASE_URL: url,
  });
  pool = new Pool(new URL(bff.url).origin, { connections: BURST });
});
afterAll(async () => {
  await pool?.close();
  await bff?.stop();
  await emulator?.stop();
});

async function viewerOrganizations(): Promise<{ status: number; outcome: string }> {
  const { statusCode, body } = await pool.request({
    path: "/graphql",
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sessionJwt}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const answer = (await body.json()) as {
    data?: { viewer: { organizations: unknown[] } | null };
    errors?: Array<{ extensions?: { code?: string } }>;
  };
  const organizations = answer.data?.viewer?.organizations;
  const outcome =
    answer.errors?.[0]?.extensions?.code ??
    (organizations?.length === ORGANIZATIONS ? "ok" : `unexpected ${JSON.stringify(answer).slice(0, 200)}`);
  return { status: statusCode, outcome };
}

describe("1,000 concurrent viewers of 50 organizations, Stytch at 300 ms (npm start)", () => {
  it("answers each one over HTTP, stays up, and keeps its memory bounded", async () => {
    expect(await viewerOrganizations()).toEqual({ status: 200, outcome: "ok" });
    emulator.injectFault({
      path: "/v1/b2b/discovery/organizations",
      latency_ms: UPSTREAM_LATENCY_MS,
      times: 10 * BURST,
    });
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: BURST }, viewerOrganizations));
    const ms = Math.round(performance.now() - started);
    const outcomes: Record<string, number> = {};
    for (const result of results) {
      const key =
        result.status === "fulfilled"
          ? `${result.value.status} ${result.value.outcome}`
          : `no answer: ${(result.reason as Error).message}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    const memory = bff.memory();
    console.log(`burst of ${BURST}: ${ms} ms, ${JSON.stringify(outcomes)}, memory ${JSON.stringify(memory)}`);

    expect(bff.alive()).toBe(true);
    expect(Object.keys(outcomes).filter((key) => !/^\d{3} /.test(key))).toEqual([]);
    // Served, or shed with a code a client can act on: never a crash, a reset or an unexpected error.
    for (const key of Object.keys(outcomes))
      expect(key).toMatch(/^(200 ok|\d{3} (UPSTREAM_UNAVAILABLE|UPSTREAM_TIMEOUT|RATE_LIMITED))$/);
    expect(outcomes["200 ok"]).toBeGreaterThan(0);
    expect(memory.rss).toBeLessThan(RSS_BOUND_MB);

    emulator.clearFaults();
    // The burst's timeouts may have opened the discovery breaker (5 failures in a row; it lets a trial
    // through after 5 s, on the child's own clock): until then the BFF fails fast, and then it serves again.
    const recovered = await eventually(
      viewerOrganizations,
      (answer) => answer.outcome !== "UPSTREAM_UNAVAILABLE",
      {
        ms: BREAKER_COOLDOWN_MS + 5_000,
        intervalMs: 100,
        what: "the BFF to serve again once Stytch has recovered",
      },
    );
    expect(recovered).toEqual({ status: 200, outcome: "ok" });
  }, 60_000);
});
