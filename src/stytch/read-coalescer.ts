/**
 * Concurrent identical reads share one Stytch call: a burst of page loads by one member (same credential, same
 * route, same body) asks once and every caller gets the answer. Only reads: a write such as an exchange must
 * happen once per request that asks for it. Each caller maps the shared answer into objects of its own.
 */
export class ReadCoalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** `key` must name the request completely (its route and body, credential included). */
  run(key: string, call: () => Promise<T>): Promise<T> {
    let shared = this.inFlight.get(key);
    if (!shared) {
      shared = call().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
    }
    return shared;
  }

  /** Calls in flight now (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }
}
