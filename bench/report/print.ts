import type { Row } from "./aggregate";
import type { Census, MemoryResult, Target } from "./targets";

const fixed = (digits: number) => (n: number) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const f0 = fixed(0);
const f2 = fixed(2);
const f3 = fixed(3);

/** The results table, one row per (kind, server, operation), as plain aligned text. */
export function formatTable(rows: Row[]): string {
  const header = [
    "kind",
    "server",
    "operation",
    "req/s",
    "req/s by round",
    "p50 ms",
    "p99 ms",
    "CPU µs/op",
    "upstream/op",
    "new conn/1k",
    "RSS MB before→after",
    "bad",
  ];
  const lines = rows.map((row) => [
    `${row.kind} (${row.connections})`,
    row.server,
    row.operation,
    f0(row.requestsPerSecond),
    row.requestsPerSecondByRound.map(f0).join(" / "),
    f2(row.p50Ms),
    f2(row.p99Ms),
    f0(row.cpuMicrosPerOp),
    f3(Object.values(row.upstreamPerOp).reduce((sum, n) => sum + n, 0)),
    f2(row.newUpstreamConnectionsPer1000),
    `${f0(row.rssBeforeMB)}→${f0(row.rssAfterMB)}`,
    String(row.bad),
  ]);
  return aligned([header, ...lines]);
}

export function formatTargets(targets: Target[]): string {
  return aligned([
    ["", "target", "measured", "limit"],
    ...targets.map((t) => [t.pass ? "PASS" : "MISS", t.name, f3(t.measured), `${t.comparison} ${t.limit}`]),
  ]);
}

export function formatCensusAndMemory(censuses: Census[], memory: MemoryResult): string {
  const census = censuses.map(
    (c) =>
      `  ${c.operation}: ${c.operations} operations → ` +
      (Object.entries(c.upstreamPerOp)
        .map(([route, n]) => `${f3(n)} ${route}`)
        .join(", ") || "no upstream request"),
  );
  return [
    "Exact upstream requests per operation (BFF):",
    ...census,
    `Memory (fresh BFF): RSS ${f0(memory.rssEarlyMB)} MB after ${memory.early} operations, ` +
      `${f0(memory.rssLateMB)} MB after ${memory.late}; peak ${f0(memory.peakMB)} MB`,
    `  RSS MB by operations: ${memory.curve.map((point) => `${point.operations}: ${f0(point.rssMB)}`).join(", ")}`,
  ].join("\n");
}

/** Columns padded to their widest cell, two spaces apart. */
export function aligned(table: string[][]): string {
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => [...line[column]].length)));
  return table
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
