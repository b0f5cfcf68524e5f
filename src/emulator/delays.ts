// Wall-clock waits for latency faults. They use setTimeout (never block the event loop) and are tracked so
// stop() can cancel them instead of keeping the process alive.

export class Delays {
  private readonly pending = new Set<NodeJS.Timeout>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  /** Cancelled waits never resolve; their connections are being destroyed anyway. */
  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
