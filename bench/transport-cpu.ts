import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { B2BClient } from "stytch";
import { StytchHttpTransport, type CallSpec } from "../src/stytch/http-transport";
import type { UpstreamInit } from "./children/upstream-main";
import { startBenchChild } from "./harness/server-process";
import { createStytchFixture } from "./record/stytch-fixture";

/**
 * node dist/bench/transport-cpu.js [calls]
 *
 * Client-side CPU per Stytch call, official `stytch` SDK (B2BClient, Node's fetch) versus our
 * StytchHttpTransport (undici.request on a keep-alive pool), the same calls at the same concurrency against
 * the canned upstream (in its own process, so that its CPU is not counted). Measured in this process with
 * process.cpuUsage() (all threads, GC included), each client warmed up first, in the order SDK, ours, ours,
 * SDK for each call so that drift cancels out.
 */

const CONCURRENCY = 32; // well inside the transport's concurrency limit at 64 connections: nothing waits
const WARMUP_CALLS = 3000;

interface ClientResult {
  client: string;
  call: string;
  cpuMicrosPerCall: number;
  callsPerSecond: number;
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 5_000);
  const fixture = await createStytchFixture();
  const upstream = await startBenchChild("upstream", "upstream-main", [], {
    answers: fixture.answers,
    projectId: fixture.projectId,
  } satisfies UpstreamInit);
  await fixture.emulator.stop();
  const credentials = { projectId: fixture.projectId, secret: fixture.secret };
  const sdk = new B2BClient({
    project_id: credentials.projectId,
    secret: credentials.secret,
    env: `${upstream.origin}/`,
  });
  const ours = new StytchHttpTransport({
    ...credentials,
    baseUrl: upstream.origin,
    deadlineMs: 3000,
    maxConnections: 64,
  });
  const jwt = fixture.mintWideMemberJwt();

  const scenarios: Array<{ call: string; sdk: () => Promise<unknown>; ours: () => Promise<unknown> }> = [
    {
      call: `sessions.authenticate (${kb(fixture.answers.authenticate)} answer)`,
      sdk: () => sdk.sessions.authenticate({ session_token: fixture.adaSessionToken }),
      ours: () =>
        ours.call(
          spec("sessions.authenticate", "sessions", "/v1/b2b/sessions/authenticate", {
            session_token: fixture.adaSessionToken,
          }),
        ),
    },
    {
      call: `discovery.organizations, 50 organizations (${kb(fixture.answers.discovery)} answer)`,
      sdk: () => sdk.discovery.organizations.list({ session_jwt: jwt }),
      ours: () =>
        ours.call(
          spec("discovery.organizations", "discovery", "/v1/b2b/discovery/organizations", {
            session_jwt: jwt,
          }),
        ),
    },
  ];

  const results: ClientResult[] = [];
  try {
    for (const scenario of scenarios) {
      const sdkName = "stytch SDK (B2BClient, fetch)";
      const oursName = "StytchHttpTransport (undici.request)";
      await run(scenario.sdk, WARMUP_CALLS);
      await run(scenario.ours, WARMUP_CALLS);
      const measured = {
        [sdkName]: [] as Array<{ cpu: number; rate: number }>,
        [oursName]: [] as Array<{ cpu: number; rate: number }>,
      };
      for (const [name, call] of [
        [sdkName, scenario.sdk],
        [oursName, scenario.ours],
        [oursName, scenario.ours],
        [sdkName, scenario.sdk],
      ] as const) {
        measured[name].push(await run(call, calls));
      }
      for (const [client, runs] of Object.entries(measured)) {
        results.push({
          client,
          call: scenario.call,
          cpuMicrosPerCall: mean(runs.map((r) => r.cpu)),
          callsPerSecond: mean(runs.map((r) => r.rate)),
        });
      }
    }
  } finally {
    await ours.close();
    await upstream.stop();
  }

  console.log(
    `Client CPU per Stytch call: ${CONCURRENCY} concurrent callers, 2 x ${calls} calls per client and call\n`,
  );
  for (const call of new Set(results.map((r) => r.call))) {
    const [a, b] = results.filter((r) => r.call === call);
    console.log(call);
    for (const r of [a, b]) {
      console.log(
        `  ${r.client.padEnd(38)} ${r.cpuMicrosPerCall.toFixed(0).padStart(5)} µs CPU/call  ` +
          `${r.callsPerSecond.toFixed(0).padStart(6)} calls/s`,
      );
    }
    console.log(`  SDK / ours: ${(a.cpuMicrosPerCall / b.cpuMicrosPerCall).toFixed(2)}x the CPU\n`);
  }
  const file = join(__dirname, "..", "..", "bench", "results", "transport-cpu.json");
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        node: process.version,
        concurrency: CONCURRENCY,
        calls,
        results,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`results: ${file}`);
}

/** `calls` calls from CONCURRENCY concurrent loops: CPU µs per call of this process, and calls per second. */
async function run(call: () => Promise<unknown>, calls: number): Promise<{ cpu: number; rate: number }> {
  let issued = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued++ < calls) {
        const answer = (await call()) as { request_id?: unknown };
        if (typeof answer.request_id !== "string") throw new Error("not a Stytch answer");
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / calls, rate: calls / seconds };
}

function spec(endpoint: string, group: CallSpec["group"], path: string, body: unknown): CallSpec {
  return { endpoint, group, method: "POST", path, body, idempotency: "read" };
}

const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
