/**
 * Caps the calls of one endpoint group in flight, with a short queue. Slow searches (Stytch: 150 ms to 9 s)
 * then cannot take every pooled connection and starve exchanges; past the queue, calls fail at once.
 */
export class Bulkhead {
  private active = 0;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  /** Resolves with a release function, or with null when the group is saturated or `waitMs` ran out. */
  async acquire(waitMs: number): Promise<(() => void) | null> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.size >= this.maxQueued || waitMs <= 0) return null;
    const admitted = await new Promise<boolean>((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(admit);
        resolve(false);
      }, waitMs);
      this.waiting.add(admit);
    });
    return admitted ? this.releaser() : null;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the oldest waiter (Sets iterate in insertion order).
      const next = this.waiting.values().next();
      if (!next.done) {
        this.waiting.delete(next.value);
        next.value();
      } else {
        this.active--;
      }
    };
  }
}
