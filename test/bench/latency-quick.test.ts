import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

// The latency bench's quick mode, compiled as `npm test` builds it, so that it cannot rot. Only the counts
// are asserted: its timings on a machine busy with the other suites mean little.
const ROOT = join(__dirname, "..", "..");
const RUN = join(ROOT, "dist", "bench", "latency", "run.js");
const RESULTS = join(ROOT, "bench", "results", "latency-quick.json");
const COUNTS = [
  "latency.claims.cold.upstreamCalls",
  "latency.claims.warm.upstreamCalls",
  "latency.mix.warm.callsPerPageLoad",
  "latency.mix.cold.callsPerPageLoad",
  "latency.memory.alive",
  "latency.answers.wrongMember",
];

let targets: Array<{ id: string; measured: number; pass: boolean }>;

beforeAll(async () => {
  rmSync(RESULTS, { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [RUN, "--quick"], { cwd: ROOT, timeout: 170_000 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new Error(`latency bench --quick failed: ${error.message}\n${(stdout + stderr).slice(-3000)}`),
        );
      else resolve();
    });
  });
  targets = JSON.parse(readFileSync(RESULTS, "utf8")).latency.targets;
}, 180_000);

describe("npm run bench:latency -- --quick", () => {
  it("reports every target with a number", () => {
    expect(targets.length).toBeGreaterThanOrEqual(18);
    for (const target of targets)
      expect({ id: target.id, finite: Number.isFinite(target.measured) }).toEqual({
        id: target.id,
        finite: true,
      });
  });

  it("costs no Stytch call for what the JWT carries, none for a warm page load, two for a cold one", () => {
    const measured = Object.fromEntries(targets.map((target) => [target.id, target]));
    for (const id of COUNTS) expect({ id, pass: measured[id]?.pass }).toEqual({ id, pass: true });
    expect(measured["latency.claims.cold.upstreamCalls"].measured).toBe(0);
    expect(measured["latency.mix.cold.callsPerPageLoad"].measured).toBeLessThanOrEqual(2);
  });
});
