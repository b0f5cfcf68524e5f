/**
 * The 3-replica row (issue 15): BFF processes as shipped (`npm start`'s flags, NODE_ENV=production) in front of
 * the emulator, either one replica with the default in-memory store, three with the in-memory store (each pays
 * its own cold caches), or three sharing a real redis-server (REDIS_URL). It measures Stytch calls per page
 * load, with page loads spread round-robin over the replicas, and the latency a warm page load takes, one at a
 * time, so that the store's cost per request shows. Seconds, not minutes: it adds its row to
 * bench/results/latest.json (key `replicas`), leaving the other keys as they are.
 *
 *   npm run build && node dist/bench/replicas/run.js
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Redis from "ioredis";
import { createEmulator, DEMO, DEV_PROJECT_ID, DEV_SECRET, type Emulator } from "../../src/emulator";
import { freePort, startBffProcess, type ServerProcess } from "../harness/server-process";

const JWKS = "/v1/b2b/sessions/jwks/{project_id}";
const PAGE_LOAD = `{ viewer {
  member { id name email mfaPhoneNumber }
  organization { id name slug }
  organizations { organization { id name } member { id name } isCurrent nextStep }
} }`;
const SESSIONS = 40;
const LOADS_PER_SESSION = 6;
const TIMED_LOADS = 600;
const RESULTS = join(__dirname, "..", "..", "..", "bench", "results", "latest.json");

interface Row {
  setup: string;
  replicas: number;
  store: "memory" | "redis";
  upstreamCallsPerPageLoad: number;
  p50Ms: number;
  p90Ms: number;
  meanMs: number;
}

/** Replicas of one setup, and the next one in turn (round-robin, as a load balancer). */
interface Setup {
  name: string;
  replicas: ServerProcess[];
  store: "memory" | "redis";
  next(): string;
}

async function main(): Promise<void> {
  const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const { url } = await emulator.start({ port: 0, host: "127.0.0.1" });
  const redis = await startRedis();
  const started = performance.now();
  const rows: Row[] = [];
  try {
    // Each pair runs side by side, its timed page loads interleaved, so that the machine's noise falls on both.
    for (const count of [1, 3]) {
      const memory = await startSetup(count, url, null);
      const shared = await startSetup(count, url, redis.url);
      try {
        rows.push(...(await measurePair(emulator, memory, shared)));
      } finally {
        for (const replica of [...memory.replicas, ...shared.replicas]) await replica.stop();
      }
    }
  } finally {
    await emulator.stop();
    redis.stop();
  }
  const added = (memory: Row, shared: Row) => ({
    p50Ms: shared.p50Ms - memory.p50Ms,
    meanMs: shared.meanMs - memory.meanMs,
  });
  const row = {
    finishedAt: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
    method:
      `${SESSIONS} fresh sessions x ${LOADS_PER_SESSION} page loads round-robin over the replicas (Stytch calls ` +
      `counted by the emulator, JWKS left out); latency: ${TIMED_LOADS} warm page loads one at a time, ` +
      `interleaved with the same count on the in-memory setup of as many replicas`,
    rows,
    redisAddedLatency: { oneReplica: added(rows[0], rows[1]), threeReplicas: added(rows[2], rows[3]) },
  };
  console.table(rows);
  for (const [pair, ms] of Object.entries(row.redisAddedLatency))
    console.log(
      `Redis adds ${ms.p50Ms.toFixed(2)} ms (p50), ${ms.meanMs.toFixed(2)} ms (mean) per page load, ${pair}`,
    );
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>;
  writeFileSync(RESULTS, `${JSON.stringify({ ...results, replicas: row }, null, 2)}\n`);
}

async function startSetup(count: number, emulatorUrl: string, redisUrl: string | null): Promise<Setup> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    STYTCH_PROJECT_ID: DEV_PROJECT_ID,
    STYTCH_SECRET: DEV_SECRET,
    STYTCH_BASE_URL: emulatorUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const store = redisUrl ? "redis" : "memory";
  const replicas: ServerProcess[] = [];
  for (let i = 0; i < count; i++) replicas.push(await startBffProcess(`${store}-${i}`, env));
  if (redisUrl) await storeOk(replicas);
  let turn = 0;
  const name = `${count} replica${count > 1 ? "s" : ""}, ${redisUrl ? "Redis" : "in-memory"} store`;
  return { name, replicas, store, next: () => `${replicas[turn++ % replicas.length].origin}/graphql` };
}

async function measurePair(emulator: Emulator, memory: Setup, shared: Setup): Promise<Row[]> {
  const calls = [await callsPerPageLoad(emulator, memory), await callsPerPageLoad(emulator, shared)];
  const { sessionJwt } = emulator.createSession({ memberId: DEMO.people.ada.members.acme });
  // JIT warm-up of every replica before anything is timed.
  for (let i = 0; i < 300 * memory.replicas.length; i++) {
    await pageLoad(memory.next(), sessionJwt);
    await pageLoad(shared.next(), sessionJwt);
  }
  const durations: number[][] = [[], []];
  for (let i = 0; i < TIMED_LOADS; i++) {
    for (const [index, setup] of [memory, shared].entries()) {
      const at = performance.now();
      await pageLoad(setup.next(), sessionJwt);
      durations[index].push(performance.now() - at);
    }
  }
  return [memory, shared].map((setup, index) => {
    const sorted = durations[index].sort((a, b) => a - b);
    return {
      setup: setup.name,
      replicas: setup.replicas.length,
      store: setup.store,
      upstreamCallsPerPageLoad: calls[index],
      p50Ms: sorted[Math.floor(sorted.length / 2)],
      p90Ms: sorted[Math.floor(sorted.length * 0.9)],
      meanMs: sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length,
    };
  });
}

/** Fresh sessions' page loads spread round-robin: Stytch calls (JWKS left out) per page load. */
async function callsPerPageLoad(emulator: Emulator, setup: Setup): Promise<number> {
  emulator.clearRequestLog();
  for (let s = 0; s < SESSIONS; s++) {
    const { sessionJwt } = emulator.createSession({ memberId: DEMO.people.ada.members.acme });
    for (let load = 0; load < LOADS_PER_SESSION; load++) await pageLoad(setup.next(), sessionJwt);
  }
  const upstream = emulator.requestLog().filter((entry) => entry.route !== JWKS).length;
  return upstream / (SESSIONS * LOADS_PER_SESSION);
}

async function pageLoad(url: string, jwt: string): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ query: PAGE_LOAD }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: { viewer: unknown } };
  if (body.errors || !body.data?.viewer) throw new Error(`page load failed: ${JSON.stringify(body)}`);
}

/** Until every replica's /readyz says its store is ok (connected, revocation feed live). */
async function storeOk(replicas: ServerProcess[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const replica of replicas) {
    for (;;) {
      const ready = (await (await fetch(`${replica.origin}/readyz`)).json()) as { store?: string };
      if (ready.store === "ok") break;
      if (Date.now() > deadline) throw new Error(`${replica.name}: store not ok`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", ""], {
    stdio: "ignore",
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}`).then(
      () => true,
      (error: { cause?: { code?: string } }) => error.cause?.code !== "ECONNREFUSED",
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error("redis-server did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // An established Redis (an epoch an hour old): a fresh one makes replicas ask Stytch for every page load for
  // 6 minutes (docs/redis.md, the epoch), which is not the steady state measured here.
  const client = new Redis(port, "127.0.0.1");
  await client.set("bff:epoch", String(Date.now() - 60 * 60_000), "PX", 24 * 60 * 60_000);
  client.disconnect();
  return { url: `redis://127.0.0.1:${port}`, stop: () => void child.kill("SIGKILL") };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
