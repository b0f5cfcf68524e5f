import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import {
  census,
  jitWarmup,
  measure,
  memoryGrowth,
  poolWarmup,
  type Measurement,
  type Subject,
} from "./harness/phases";
import { OPERATIONS, type HttpRequest } from "./operations";
import { meanOfRounds } from "./report/aggregate";
import { formatCensusAndMemory, formatTable, formatTargets } from "./report/print";
import { evaluateTargets } from "./report/targets";
import { FULL, QUICK } from "./settings";
import { startStack, type Stack } from "./stack";

/**
 * npm run bench [-- --quick] [-- --profile]
 *
 * One run: record Stytch's answers from the emulator; start the canned upstream, anchors A, B, C and the BFF,
 * each in its own process, and check their answers; warm up the anchors (V8 needs thousands of operations),
 * then measure the fresh BFF's memory over a realistic mix (which warms it up as much); then load each
 * (server, operation) with autocannon from this process, the same connections and durations for all, a
 * warm-up before each measurement, and repeat the round in reverse order; count the BFF's exact upstream
 * requests per operation; print the table and the targets and write them as JSON.
 * --profile starts the BFF with --cpu-prof (bench/results/profiles/; timings are then skewed).
 */
async function main(): Promise<void> {
  const settings = process.argv.includes("--quick") ? QUICK : FULL;
  const profileDir = join(dirname(settings.resultsFile), "profiles");
  const bffFlags = process.argv.includes("--profile") ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const started = performance.now();
  const log = (line: string) =>
    console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const loadAtStart = loadavg();

  const stack = await startStack({ anchorA: settings.anchorA, nodeFlags: { BFF: bffFlags } });
  log(`${settings.mode} run: servers up, answers checked`);
  try {
    for (const subject of stack.subjects)
      if (subject.server !== stack.servers.BFF) await jitWarmup(subject, settings);
    log("anchors warmed up");
    // The memory run comes last before the rounds: the BFF's first phase must not follow a minute of idling
    // (undici drops keep-alive connections idle for 58 s: the upstream says timeout=60, less its 2 s margin).
    const memory = await memoryGrowth(
      stack.servers.BFF,
      { requests: realisticMix(stack), expectedBodies: new Set(Object.values(stack.answers)) },
      settings,
    );
    log(`memory run done (${memory.late} operations)`);
    for (const subject of stack.subjects)
      if (settings.poolWarmupSeconds > 0 && stack.callsStytch(subject)) await poolWarmup(subject, settings);
    log("upstream pools warmed up");

    type Step = { subject: Subject; kind: Measurement["kind"] };
    const round: Step[] = [
      ...stack.subjects.map((subject) => ({ subject, kind: "loaded" as const })),
      // Unloaded latency of the one operation with a latency target.
      ...stack.subjects
        .filter((s) => s.operation === "exchangeSession" && settings.unloaded.servers.includes(s.server.name))
        .map((subject) => ({ subject, kind: "unloaded" as const })),
    ];
    const rounds: Measurement[][] = [];
    for (const [index, steps] of [round, [...round].reverse()].entries()) {
      const measurements: Measurement[] = [];
      for (const { subject, kind } of steps) {
        const timing =
          kind === "loaded"
            ? settings
            : {
                connections: 1,
                settleMs: settings.settleMs,
                minAnswers: settings.minAnswers,
                ...settings.unloaded,
              };
        const m = await measure(subject, stack.upstream, timing, kind);
        measurements.push(m);
        log(
          `round ${index + 1} ${kind} ${m.server} ${m.operation}: ${m.requestsPerSecond.toFixed(0)} req/s` +
            (m.bad ? `, ${m.bad} BAD (${m.badSample})` : ""),
        );
      }
      rounds.push(measurements);
    }

    const censuses = [];
    for (const operation of OPERATIONS) {
      censuses.push(await census(stack.bffSubject(operation), stack.upstream, settings));
    }
    log("upstream census done");

    const rows = meanOfRounds(rounds);
    const targets = evaluateTargets(rows, censuses, memory, settings);
    const seconds = (performance.now() - started) / 1000;
    const machine = {
      node: process.version,
      cpus: cpus().length,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
    };
    console.log(
      [
        "",
        formatTable(rows),
        "",
        formatCensusAndMemory(censuses, memory),
        "",
        formatTargets(targets),
        "",
        `${settings.mode} run: ${seconds.toFixed(1)} s; ${machine.cpus} CPUs; 1-minute load average ` +
          `${loadAtStart[0].toFixed(2)} at start, ${machine.loadAverageAtEnd[0].toFixed(2)} at end`,
      ].join("\n"),
    );
    mkdirSync(dirname(settings.resultsFile), { recursive: true });
    const results = {
      mode: settings.mode,
      finishedAt: new Date().toISOString(),
      seconds,
      machine,
      settings,
      profiled: bffFlags.length > 0,
      table: rows,
      rounds,
      census: censuses,
      memory: { ...memory, scaledDown: settings.memory.scaledDown, mix: MIX_DESCRIPTION },
      targets,
    };
    writeFileSync(settings.resultsFile, JSON.stringify(results, null, 2) + "\n");
    console.log(`results: ${settings.resultsFile}`);
  } finally {
    await stack.stop();
  }
}

const MIX_DESCRIPTION = "per connection, in turn: 1 exchangeSession, 18 viewer (JWT), 1 viewer.organizations";

/**
 * What a frontend sends: viewer on every page load, an organization list now and then, a switch rarely. Also
 * what keeps 100,000 operations within the run's time (viewer is the cheapest).
 */
function realisticMix(stack: Stack): HttpRequest[] {
  const viewer = stack.requestFor("viewer");
  return [
    stack.requestFor("exchangeSession"),
    ...Array.from({ length: 18 }, () => viewer),
    stack.requestFor("viewer.organizations"),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
