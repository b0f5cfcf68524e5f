import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jitWarmup, measure } from "./harness/phases";
import { OPERATIONS, type OperationName } from "./operations";
import { summarizeProfile } from "./report/cpu-profile";
import { FULL } from "./settings";
import { startStack } from "./stack";

/**
 * node dist/bench/profile.js <exchangeSession|viewer|viewer.organizations> [seconds] [BFF|B|C]
 *
 * Loads one server (default the BFF), started with --cpu-prof, with one operation as the bench does, then
 * prints where its CPU went during the measured window only (start-up and warm-up excluded), in µs per
 * operation: self time by area (our src/ files, npm packages, Node internals, GC) and by function. Profile
 * the BFF and anchor B with the same operation to see what is ours. The .cpuprofile stays in
 * bench/results/profiles/ for Chrome DevTools or speedscope.
 */
async function main(): Promise<void> {
  const operation = (process.argv[2] ?? "exchangeSession") as OperationName;
  if (!OPERATIONS.includes(operation)) throw new Error(`operation must be one of ${OPERATIONS.join(", ")}`);
  const seconds = Number(process.argv[3] ?? 10);
  const serverName = process.argv[4] ?? "BFF";
  const root = join(__dirname, "..", "..");
  const dir = join(root, "bench", "results", "profiles", `${serverName}-${operation}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });

  const stack = await startStack({
    anchorA: serverName === "A",
    nodeFlags: { [serverName]: ["--cpu-prof", `--cpu-prof-dir=${dir}`] },
  });
  let window: { fromMicros: number; toMicros: number };
  let operations: number;
  try {
    const subject = stack.subjects.find((s) => s.server.name === serverName && s.operation === operation);
    if (!subject) throw new Error(`${serverName} does not answer ${operation}`);
    // V8's steady state first (thousands of operations), as the bench does before its rounds.
    await jitWarmup(subject, { ...FULL, jitWarmup: { operations: 5000, maxSeconds: 15 } });
    const warmupSeconds = 1;
    // process.hrtime and V8's sample stamps read the same monotonic clock: the window starts after warm-up.
    const fromMicros = Number(process.hrtime.bigint() / 1000n) + (warmupSeconds + 0.1) * 1e6;
    const result = await measure(
      subject,
      stack.upstream,
      { connections: 50, warmupSeconds, measureSeconds: seconds, settleMs: 150, minAnswers: 1 },
      "loaded",
    );
    window = { fromMicros, toMicros: Number(process.hrtime.bigint() / 1000n) };
    operations = result.completed;
    console.log(
      `${serverName} ${operation}: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
        `${result.cpuMicrosPerOp.toFixed(0)} µs CPU/op (profiling inflates both)`,
    );
  } finally {
    await stack.stop();
  }
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const summary = summarizeProfile(join(dir, file), root, window);
  // Per-operation figures, for comparing two servers' profiles (e.g. the BFF against anchor B).
  writeFileSync(
    join(dir, "summary.json"),
    JSON.stringify({ server: serverName, operation, operations, window, ...summary }, null, 2),
  );
  const row = (ms: number, share: number, name: string) =>
    `  ${((ms * 1000) / operations).toFixed(0).padStart(6)} µs/op ${(share * 100).toFixed(1).padStart(5)}%  ${name}`;
  console.log(`\n${join(dir, file)}\n${summary.totalMs.toFixed(0)} ms sampled over ${operations} operations`);
  console.log("\nSelf time by area:");
  for (const { area, ms, share } of summary.byArea.slice(0, 30)) console.log(row(ms, share, area));
  console.log("\nSelf time by function:");
  for (const { fn, ms, share } of summary.byFunction.slice(0, 45)) console.log(row(ms, share, fn));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
