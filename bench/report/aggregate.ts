import type { Measurement } from "../harness/phases";

/** A table row: the mean of the rounds' measurements of one (server, operation, kind), and each round's req/s. */
export interface Row extends Omit<Measurement, "badSample"> {
  requestsPerSecondByRound: number[];
}

/** Means over the rounds (forward and reverse order), so that drift over the run cancels out. */
export function meanOfRounds(rounds: Measurement[][]): Row[] {
  const groups = new Map<string, Measurement[]>();
  for (const measurement of rounds.flat()) {
    const key = `${measurement.kind} ${measurement.server} ${measurement.operation}`;
    groups.set(key, [...(groups.get(key) ?? []), measurement]);
  }
  return [...groups.values()].map((group) => {
    const mean = (pick: (m: Measurement) => number) =>
      group.reduce((sum, m) => sum + pick(m), 0) / group.length;
    const routes = new Set(group.flatMap((m) => Object.keys(m.upstreamPerOp)));
    return {
      server: group[0].server,
      operation: group[0].operation,
      kind: group[0].kind,
      connections: group[0].connections,
      requestsPerSecond: mean((m) => m.requestsPerSecond),
      requestsPerSecondByRound: group.map((m) => m.requestsPerSecond),
      p50Ms: mean((m) => m.p50Ms),
      p99Ms: mean((m) => m.p99Ms),
      cpuMicrosPerOp: mean((m) => m.cpuMicrosPerOp),
      upstreamPerOp: Object.fromEntries(
        [...routes].map((route) => [route, mean((m) => m.upstreamPerOp[route] ?? 0)]),
      ),
      newUpstreamConnectionsPer1000: mean((m) => m.newUpstreamConnectionsPer1000),
      rssBeforeMB: Math.min(...group.map((m) => m.rssBeforeMB)),
      rssAfterMB: Math.max(...group.map((m) => m.rssAfterMB)),
      completed: group.reduce((sum, m) => sum + m.completed, 0),
      bad: group.reduce((sum, m) => sum + m.bad, 0),
    };
  });
}

export function findRow(rows: Row[], kind: Row["kind"], server: string, operation: string): Row {
  const row = rows.find((r) => r.kind === kind && r.server === server && r.operation === operation);
  if (!row) throw new Error(`no ${kind} measurement of ${server} ${operation}`);
  return row;
}
