import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

// The compiled quick mode (npm test builds before jest), as `node dist/bench/run.js --quick` runs it.
const ROOT = join(__dirname, "..", "..");
const RUN = join(ROOT, "dist", "bench", "run.js");
const RESULTS = join(ROOT, "bench", "results", "quick.json");
const STRUCTURAL = [
  "exchangeSession.upstreamCalls",
  "viewer.upstreamCalls",
  "viewer.organizations.upstreamCalls",
  "answers.bad",
];

let results: any;
let output = "";

beforeAll(async () => {
  rmSync(RESULTS, { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [RUN, "--quick"], { cwd: ROOT, timeout: 100_000 }, (error, stdout, stderr) => {
      output = stdout + stderr;
      if (error) reject(new Error(`bench --quick failed: ${error.message}\n${output.slice(-3000)}`));
      else resolve();
    });
  });
  results = JSON.parse(readFileSync(RESULTS, "utf8"));
}, 120_000);

describe("npm run bench -- --quick", () => {
  it("reports every target with a numeric measurement (the ratios are too noisy to assert here)", () => {
    expect(results.mode).toBe("quick");
    expect(results.targets.map((t: any) => t.id).sort()).toEqual(
      [
        ...STRUCTURAL,
        "exchangeSession.cpuVsB",
        "exchangeSession.cpuVsAnchors",
        "exchangeSession.unloadedP50AddedOverC",
        "exchangeSession.newUpstreamConnectionsPer1000",
        "viewer.throughputVsB",
        "viewer.organizations.throughputVsC",
        "memory.rssGrowth",
        "memory.peakRss",
      ].sort(),
    );
    for (const target of results.targets) {
      expect({ id: target.id, measured: Number.isFinite(target.measured) }).toEqual({
        id: target.id,
        measured: true,
      });
      expect(typeof target.limit).toBe("number");
      expect(typeof target.pass).toBe("boolean");
    }
    expect(results.memory.scaledDown).toBe(true);
  });

  it("costs exactly 1 Stytch call per exchange, 0 per viewer with a JWT, 1 per list of 50 organizations", () => {
    const measured = Object.fromEntries(results.targets.map((t: any) => [t.id, t.measured]));
    expect(measured["exchangeSession.upstreamCalls"]).toBe(1);
    expect(measured["viewer.upstreamCalls"]).toBe(0);
    expect(measured["viewer.organizations.upstreamCalls"]).toBe(1);
    for (const id of STRUCTURAL) {
      expect(results.targets.find((t: any) => t.id === id)).toMatchObject({ structural: true, pass: true });
    }
  });
});
