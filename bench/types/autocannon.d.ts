// The slice of autocannon 9's programmatic API the bench uses (the package ships no types, and
// package.json is not the bench's to change).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
      /** How often the per-second counters are sampled (ms); also how soon a finished run reports. */
      sampleInt?: number;
      timeout?: number;
      verifyBody?: (body: string) => boolean;
      /** Called once for each connection's client before it sends anything. */
      setupClient?: (client: Client) => void;
      excludeErrorStats?: boolean;
    }

    interface Client {
      setRequests(requests: Request[]): void;
    }

    interface Result {
      /** sent: requests written (autocannon counts each connection's first request itself); total: answered. */
      requests: { sent: number; total: number };
      /** Seconds from start to finish. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
    }

    interface Instance extends EventEmitter {
      on(
        event: "response",
        listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
      ): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
      stop(): void;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
