import { Agent, request } from "undici";
import type { LoadRequest, RequestSource } from "../requests";
import { classify, type Outcome } from "./answer";

/**
 * The latency bench's load generator, a small loop over undici rather than autocannon: cold phases need a
 * different Authorization on every request, the ladder needs open-loop arrivals, and every answer's body is
 * read for its error code and retry hint. Its own CPU is reported with each run (it must not be the
 * bottleneck).
 */

export interface Sample {
  /** When the request was sent and how long its answer took, in ms from the run's start. */
  sentAtMs: number;
  latencyMs: number;
  outcome: Outcome;
}

export interface LoadRun {
  samples: Sample[];
  /** Closed: `connections` clients back to back; open: arrivals at a steady rate over `offeredSeconds`. */
  model: "closed" | "open";
  connections: number;
  offeredSeconds: number;
  /**
   * Open loop: goodput counts the answers that arrive within the offered window shifted this much (one
   * upstream round trip), so that neither the empty first round trip nor a backlog drained after the window
   * counts for or against the server.
   */
  goodputFromMs: number;
  /** From the first send to the last answer. */
  elapsedSeconds: number;
  /** Whether the source ran out (a census ends so; a timed run ends early only if its estimate was short). */
  exhausted: boolean;
  /** This process's CPU during the run, in cores (1 = one core busy all along). */
  loadGeneratorCores: number;
  /** Open loop: the latest any request left after its scheduled time (the generator falling behind). */
  maxSendLagMs: number;
}

// Keep-alive connections to every server, opened on demand and never capped: a closed loop holds at most its
// worker count, an open loop as many as it has requests in flight (no request waits for a client connection).
const CLIENT = new Agent({ connections: null, headersTimeout: 30_000, bodyTimeout: 30_000 });
const CLIENT_TIMEOUT_MS = 30_000;

/** One request, its answer read to the end and judged. */
async function send(origin: string, req: LoadRequest, runStart: number, samples: Sample[]): Promise<void> {
  const sentAt = performance.now();
  let outcome: Outcome;
  try {
    const response = await request(origin + req.path, {
      dispatcher: CLIENT,
      method: "POST",
      headers: req.headers,
      body: req.body,
      headersTimeout: CLIENT_TIMEOUT_MS,
      bodyTimeout: CLIENT_TIMEOUT_MS,
    });
    const text = await response.body.text();
    outcome = classify(response.statusCode, response.headers["retry-after"], text, req.expect);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "ERROR";
    outcome = { ok: false, code: `CLIENT_${code}`, retryAfter: false, wrongMember: false };
  }
  samples.push({ sentAtMs: sentAt - runStart, latencyMs: performance.now() - sentAt, outcome });
}

function finish(samples: Sample[], started: number, cpu: NodeJS.CpuUsage) {
  const elapsedSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { samples, elapsedSeconds, loadGeneratorCores: (used.user + used.system) / 1e6 / elapsedSeconds };
}

/**
 * `connections` clients, each sending its next request as soon as its previous answer arrives, for `seconds`
 * (or until the source runs out); requests in flight at the end are waited for.
 */
export async function closedLoop(spec: {
  origin: string;
  connections: number;
  seconds: number;
  source: RequestSource;
}): Promise<LoadRun> {
  const samples: Sample[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const endAt = started + spec.seconds * 1000;
  let exhausted = false;
  const client = async () => {
    while (performance.now() < endAt) {
      const next = spec.source();
      if (!next) {
        exhausted = true;
        return;
      }
      await send(spec.origin, next, started, samples);
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, client));
  const run = finish(samples, started, cpu);
  return {
    ...run,
    model: "closed",
    connections: spec.connections,
    offeredSeconds: spec.seconds,
    goodputFromMs: 0,
    exhausted,
    maxSendLagMs: 0,
  };
}

/**
 * Requests sent at a steady `rate` per second for `seconds`, whether or not earlier ones were answered (an
 * overloaded server cannot slow its arrivals down, as real traffic does not); then every answer waited for.
 * Latency is counted from the actual send; how late the generator sent anything is reported apart.
 */
export async function openLoop(spec: {
  origin: string;
  rate: number;
  seconds: number;
  source: RequestSource;
  /** The least time an answer takes (the upstream's latency): see LoadRun.goodputFromMs. */
  roundTripMs: number;
}): Promise<LoadRun> {
  const samples: Sample[] = [];
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const total = Math.floor(spec.rate * spec.seconds);
  let sent = 0;
  let maxSendLagMs = 0;
  let exhausted = false;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * spec.rate) + 1);
      for (; sent < due; sent++) {
        const next = spec.source();
        if (!next) {
          exhausted = true;
          return resolve();
        }
        maxSendLagMs = Math.max(maxSendLagMs, now - (started + (sent * 1000) / spec.rate));
        inFlight.push(send(spec.origin, next, started, samples));
      }
      if (sent >= total) return resolve();
      setTimeout(pump, Math.max(0, started + (sent * 1000) / spec.rate - performance.now()));
    };
    pump();
  });
  await Promise.all(inFlight);
  const run = finish(samples, started, cpu);
  const offered = { offeredSeconds: spec.seconds, goodputFromMs: spec.roundTripMs };
  return { ...run, model: "open", connections: 0, ...offered, exhausted, maxSendLagMs };
}

/** Every request at once (a thundering herd), every answer waited for. */
export async function burst(origin: string, requests: LoadRequest[]): Promise<LoadRun> {
  const samples: Sample[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(requests.map((req) => send(origin, req, started, samples)));
  const run = finish(samples, started, cpu);
  const offered = { offeredSeconds: 0, goodputFromMs: 0 };
  return { ...run, model: "open", connections: 0, ...offered, exhausted: true, maxSendLagMs: 0 };
}
