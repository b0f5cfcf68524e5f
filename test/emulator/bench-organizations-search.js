#!/usr/bin/env node
// Throughput of POST /v1/b2b/organizations/search with 10 organization ids (the DataLoader batch shape):
// the emulator runs in a child process, this process drives it with undici keep-alive at concurrency 50.
//
//   npx tsc -p tsconfig.build.json && node test/emulator/bench-organizations-search.js [seconds] [concurrency]
//
// Not a jest test (no *.test.ts): a manual measurement whose number goes into reports.
"use strict";
/* global __dirname, __filename, Buffer */

const { fork } = require("node:child_process");
const path = require("node:path");

const DIST = process.env.EMULATOR_DIST || path.resolve(__dirname, "../../dist/src/emulator/index.js");

if (process.argv[2] === "--child") {
  const emulator = require(DIST);
  const emu = emulator.createEmulator({
    projectId: emulator.DEV_PROJECT_ID,
    secret: emulator.DEV_SECRET,
    seed: emulator.scaleSeed({ people: 100, organizations: 200, membershipsPerPerson: 10 }),
  });
  emu.start({ port: 0 }).then(({ url }) => process.send({ url }));
  process.on("message", () => emu.stop().then(() => process.exit(0)));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

async function main() {
  const { Agent, request } = require("undici");
  const emulator = require(DIST);
  const seconds = Number(process.argv[2] || 5);
  const concurrency = Number(process.argv[3] || 50);
  const child = fork(__filename, ["--child"]);
  const { url } = await new Promise((resolve) => child.once("message", resolve));
  const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const auth = `Basic ${Buffer.from(`${emulator.DEV_PROJECT_ID}:${emulator.DEV_SECRET}`).toString("base64")}`;
  const ids = Array.from({ length: 10 }, (_, i) => emulator.scaleOrganizationId(i * 7));
  const body = JSON.stringify({
    query: { operator: "AND", operands: [{ filter_name: "organization_ids", filter_value: ids }] },
  });

  let done = 0;
  let failed = 0;
  const latencies = [];
  const deadline = Date.now() + seconds * 1000;
  async function worker() {
    while (Date.now() < deadline) {
      const started = process.hrtime.bigint();
      const res = await request(`${url}/v1/b2b/organizations/search`, {
        method: "POST",
        dispatcher: agent,
        headers: { authorization: auth, "content-type": "application/json" },
        body,
      });
      const json = await res.body.json();
      if (res.statusCode !== 200 || json.organizations.length !== 10) failed++;
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      done++;
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  console.log(
    `organizations.search (10 ids): ${(done / elapsed).toFixed(0)} req/s over ${elapsed.toFixed(1)} s, ` +
      `concurrency ${concurrency}, ${failed} failed, latency p50 ${p(0.5)} ms p99 ${p(0.99)} ms`,
  );
  await agent.close();
  child.send("stop");
}
