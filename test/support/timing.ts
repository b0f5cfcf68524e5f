/**
 * What a piece of work costs, for claims that something is cheap. Other processes on a busy machine stretch
 * wall time (the work waits for a CPU) but not the CPU time this process spends, so a claim about cost is
 * made on CPU time; wall time then only has to show that nothing in the work waits.
 */
export interface Cost {
  wallMs: number;
  /** This process's CPU time, all its threads (a libuv pool's key generation included), user and system. */
  cpuMs: number;
}

export async function costOf(work: () => unknown): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000 };
}

/**
 * The cheapest of `runs` runs of `work`, wall time and CPU time each: a run can be stalled (or pay for a
 * garbage collection it did not cause), never sped up, so the cheapest run is the work's own cost.
 */
export async function cheapestOf(runs: number, work: () => unknown): Promise<Cost> {
  const cheapest = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < runs; i++) {
    const { wallMs, cpuMs } = await costOf(work);
    cheapest.wallMs = Math.min(cheapest.wallMs, wallMs);
    cheapest.cpuMs = Math.min(cheapest.cpuMs, cpuMs);
  }
  return cheapest;
}
