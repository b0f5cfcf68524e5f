import { readFileSync } from "node:fs";
import { relative } from "node:path";

/** The parts of a V8 .cpuprofile (node --cpu-prof) the summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled ms inside the window. */
  totalMs: number;
  /** Self time by where the code lives: our src/ file, an npm package, Node's internals, GC, idle. */
  byArea: Array<{ area: string; ms: number; share: number }>;
  /** Self time by function. */
  byFunction: Array<{ fn: string; ms: number; share: number }>;
}

/**
 * Self time from a .cpuprofile, optionally only samples taken inside [fromMicros, toMicros] of the monotonic
 * clock (V8 stamps samples with it, as process.hrtime does in the parent), so start-up and warm-up drop out.
 */
export function summarizeProfile(
  file: string,
  root: string,
  window?: { fromMicros: number; toMicros: number },
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  let time = profile.startTime;
  const inWindow = (t: number) =>
    !window || window.toMicros < profile.startTime || window.fromMicros > profile.endTime
      ? true
      : t >= window.fromMicros && t <= window.toMicros;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (inWindow(time)) selfMicros.set(profile.samples[i], (selfMicros.get(profile.samples[i]) ?? 0) + delta);
  }
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const area = areaOf(url, functionName, root);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const where = url ? `${shortPath(url, root)}:${lineNumber + 1}` : "";
    const fn = `${functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    total += micros;
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / total }));
  return {
    totalMs: total / 1000,
    byArea: ranked(byArea).map(({ name, ms, share }) => ({ area: name, ms, share })),
    byFunction: ranked(byFunction).map(({ name, ms, share }) => ({ fn: name, ms, share })),
  };
}

function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const path = shortPath(url, root);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  return path;
}

function shortPath(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, "");
  return path.startsWith(root) ? relative(root, path) : path;
}
