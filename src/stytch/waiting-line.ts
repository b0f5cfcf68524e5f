/**
 * Waiters in order of their keys (their requests' deadlines; by default their arrival), and how fast they move: admissions out of the line per millisecond during
 * which it held waiters, over about the last `windowMs`. Measured rather than derived from the limit,
 * because what a line gets is not the limit's turnover: the others' line moves only when no session wants
 * the freed slot, and answers that come in bursts free slots in bursts. Time the line spends empty does not
 * count, and the measure fades once it has been empty for a few windows: an earlier overload is forgotten.
 */
export class WaitingLine<T> {
  /** Sorted by key, the earliest first; equal keys in order of arrival. */
  private readonly waiters: Array<{ waiter: T; key: number }> = [];
  private waitingMs = 0;
  private admitted = 0;
  private lastAt: number | undefined;

  constructor(private readonly windowMs = 1_000) {}

  get size(): number {
    return this.waiters.length;
  }

  first(): T | undefined {
    return this.waiters[0]?.waiter;
  }

  /** The first waiter's key. */
  firstKey(): number | undefined {
    return this.waiters[0]?.key;
  }

  add(waiter: T, now: number, key = now): void {
    this.advance(now);
    this.waiters.splice(this.ahead(key), 0, { waiter, key });
  }

  /** How many waiters go before one with `key` (those with an earlier or equal key). */
  ahead(key: number): number {
    let low = 0;
    let high = this.waiters.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.waiters[middle].key <= key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Takes `waiter` out of the line, `admitted` or giving up. */
  remove(waiter: T, now: number, admitted: boolean): void {
    this.advance(now);
    const index = this.waiters.findIndex((entry) => entry.waiter === waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    if (admitted) this.admitted++;
  }

  /**
   * Milliseconds per place in the line: what it measured, blended with `expectedMsPerPlace` (what the limit's
   * turnover predicts) weighing as much as `expectedWeight` admissions, so that the first admissions of a
   * burst, whose wait was for the first slots to free, do not stand alone for its pace. Undefined when
   * nothing is known: no expectation, and fewer than one admission left in the window. A line whose waiters
   * stop being admitted gets slower the longer that lasts.
   */
  msPerPlace(now: number, expectedMsPerPlace?: number, expectedWeight = 0): number | undefined {
    this.advance(now);
    if (expectedMsPerPlace === undefined)
      return this.admitted < 1 ? undefined : this.waitingMs / this.admitted;
    return (this.waitingMs + expectedWeight * expectedMsPerPlace) / (this.admitted + expectedWeight);
  }

  /** Brings the measure up to `now`, before any change to the line. */
  private advance(now: number): void {
    const elapsed = this.lastAt === undefined ? 0 : Math.max(0, now - this.lastAt);
    const kept = Math.exp(-elapsed / this.windowMs);
    // The time spent waiting, decayed as it went (its exact integral): a line never counts more than a window.
    this.waitingMs = this.waitingMs * kept + (this.waiters.length > 0 ? this.windowMs * (1 - kept) : 0);
    this.admitted *= kept;
    this.lastAt = now;
  }
}
