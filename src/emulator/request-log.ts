// The log of API requests (control calls are not logged), for tests that assert what reached "Stytch",
// e.g. that an exchange was sent exactly once. Capped so long benchmark runs do not grow memory unbounded.

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The route template matched (e.g. /v1/b2b/organizations/{organization_id}); null for unknown routes. */
  route: string | null;
  /** HTTP status sent; 0 when the connection was dropped before any header (reset fault). */
  status: number;
  /** Arrival time on the emulator's clock, ISO 8601. */
  time: string;
  duration_ms: number;
  faulted: boolean;
  /** The parsed JSON request body, or null. */
  body: unknown;
}

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  push(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Trim in batches: dropping one entry per request would shift 10k elements every time.
    if (this.entries.length >= 2 * MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return this.entries.slice(-MAX_ENTRIES).map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
