import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Sets `latency` in the run's results file and keeps everything else in it (the main bench's figures): read,
 * set the key, write. The main bench rewrites the whole file, so run it first.
 */
export function mergeIntoResults(file: string, latency: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  results.latency = latency;
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}
