import autocannon from "autocannon";
import type { HttpRequest } from "../operations";

export interface LoadSpec {
  origin: string;
  /** Sent in turn on every connection (one request: the same one over and over). */
  requests: HttpRequest[];
  /**
   * Instead: connection i sends only requests[i] (e.g. each its own session), so that no two connections ask
   * the same thing at once, which the BFF would answer with one Stytch call.
   */
  perConnection?: boolean;
  connections: number;
  /** Seconds; or `amount`: exactly that many requests, every one answered. */
  duration?: number;
  amount?: number;
  /** With `duration`: stop as soon as this many answers arrived (a warm-up capped both ways). */
  stopAfter?: number;
  /**
   * With `duration`: go on past it until this many answers arrived (at most 20 times as long), so that a
   * starved machine never yields an empty window.
   */
  minAnswers?: number;
  /** Every answer must be one of these bodies; anything else counts as bad. */
  expectedBodies: ReadonlySet<string>;
}

export interface LoadResult {
  /** Requests written (autocannon's own count, approximate at start and end of a timed run). */
  sent: number;
  completed: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles in ms, from autocannon's per-response float timings (its histogram keeps whole ms). */
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx, errors, timeouts and unexpected bodies. */
  bad: number;
  badSample?: string;
}

const MAX_STRETCH = 20;

/** One autocannon run from this process. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let badSample: string | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        ...(spec.amount !== undefined
          ? { amount: spec.amount }
          : { duration: (spec.duration ?? 0) * (spec.minAnswers ? MAX_STRETCH : 1) }),
        requests: spec.requests,
        setupClient: spec.perConnection ? oneRequestPerClient(spec.requests) : undefined,
        // Results arrive within 50 ms of the end (autocannon only notices the end when it samples).
        sampleInt: 50,
        verifyBody: (body) => {
          if (spec.expectedBodies.has(body)) return true;
          badSample ??= body.slice(0, 300);
          return false;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          sent: result.requests.sent,
          completed: latencies.length,
          seconds: result.duration,
          requestsPerSecond: latencies.length / result.duration,
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          bad: result.non2xx + result.errors + result.mismatches,
          badSample,
        });
      },
    );
    const minAnswers = spec.minAnswers;
    let durationOver = false;
    if (minAnswers) {
      setTimeout(
        () => {
          durationOver = true;
          if (latencies.length >= minAnswers) instance.stop();
        },
        (spec.duration ?? 0) * 1000,
      );
    }
    instance.on("response", (_client, _status, _bytes, responseTimeMs) => {
      const answers = latencies.push(responseTimeMs);
      if (answers === spec.stopAfter || (durationOver && answers === minAnswers)) instance.stop();
    });
  });
}

function oneRequestPerClient(requests: HttpRequest[]) {
  let clients = 0;
  return (client: { setRequests(requests: HttpRequest[]): void }) => {
    const index = clients++;
    if (index >= requests.length) throw new Error(`${requests.length} requests for more connections`);
    client.setRequests([requests[index]]);
  };
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
