import { cpus, loadavg } from "node:os";
import { formatTargets } from "../report/print";
import { runPlan } from "./plan";
import { formatLadder, formatMemory, formatMix, formatPhases } from "./report/print";
import { mergeIntoResults } from "./report/results-file";
import { latencyTargets } from "./report/targets";
import type { Bench } from "./scenarios/bench";
import { capacityPerSecond } from "./scenarios/ladder";
import { FULL, QUICK } from "./settings";
import { startLatencyStack } from "./stack";

/**
 * npm run bench:latency [-- --quick]
 *
 * The BFF against an upstream with Stytch's latency, next to anchor C (the page load's two calls, no limiter,
 * no cache) and a naive peer (Apollo + type-graphql + the stytch SDK, as the quickstarts have it), each in its
 * own process: upstream calls per request, throughput and latency cold and warm, an overload ladder, a
 * thundering herd. Prints the tables and the targets and merges them into the results file as `latency`.
 */
async function main(): Promise<void> {
  const settings = process.argv.includes("--quick") ? QUICK : FULL;
  const started = performance.now();
  const log = (line: string) =>
    console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const loadAverageAtStart = loadavg();
  const stack = await startLatencyStack(settings.population, settings.poolConnections);
  log(`${settings.mode} run: servers up, answers checked`);
  try {
    const bench: Bench = { stack, settings, cursors: new Map(), log };
    const results = await runPlan(bench);
    const targets = latencyTargets(results, settings);
    warnOfRepeatedPeople(bench);
    const seconds = (performance.now() - started) / 1000;
    const machine = {
      node: process.version,
      cpus: cpus().length,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
    };
    console.log(
      [
        "",
        formatPhases(results),
        "",
        formatMix(results),
        "",
        formatLadder(results),
        "",
        formatMemory(results),
      ]
        .concat(["", formatTargets(targets), ""])
        .join("\n") +
        `\nlatency ${settings.mode} run: ${seconds.toFixed(1)} s; ${machine.cpus} CPUs; 1-minute load average ` +
        `${loadAverageAtStart[0].toFixed(2)} at start, ${machine.loadAverageAtEnd[0].toFixed(2)} at end`,
    );
    mergeIntoResults(settings.resultsFile, {
      mode: settings.mode,
      finishedAt: new Date().toISOString(),
      seconds,
      machine,
      settings,
      capacityPerSecond: capacityPerSecond(bench),
      members: Object.fromEntries([...bench.cursors].map(([subject, c]) => [subject.server.name, c.used])),
      ...results,
      targets,
    });
    console.log(`results: ${settings.resultsFile} (key "latency")`);
  } finally {
    await stack.stop();
  }
}

/** A BFF process that met a person twice had part of that person's data cached: say so. */
function warnOfRepeatedPeople(bench: Bench): void {
  const { people } = bench.settings.population;
  for (const [subject, cursor] of bench.cursors) {
    if (subject.name === "BFF" && cursor.used > people) {
      bench.log(
        `WARNING: ${subject.server.name} met ${cursor.used} members of ${people} people: some people twice`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
