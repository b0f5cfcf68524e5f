import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { SnapshotKind } from "../cache/snapshot-cache";
import type { BreakerState } from "../stytch/circuit-breaker";
import type { ConcurrencySnapshot } from "../stytch/concurrency-limiter";
import type { EndpointGroup, TransportObserver } from "../stytch/http-transport";
import type { SharedStateObserver } from "../state/redis/shared-state";
import type { StoreCallResult } from "../state/redis/store-guard";

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * The BFF's Prometheus metrics, on a registry of its own (several servers may live in one test process).
 * Every label value comes from a closed set (operations are named by their root fields, never by the
 * client's free-form operation name), so no client can grow the series without bound.
 */
export class Metrics implements TransportObserver, SharedStateObserver {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: "bff_requests_total",
    help: "GraphQL requests by operation (root fields) and outcome.",
    labelNames: ["operation", "outcome"],
    registers: [this.registry],
  });

  private readonly requestSeconds = new Histogram({
    name: "bff_request_duration_seconds",
    help: "GraphQL request duration by operation and outcome.",
    labelNames: ["operation", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly upstreamCalls = new Counter({
    name: "bff_upstream_calls_total",
    help: "Stytch calls (attempts) by endpoint and HTTP status (0: no answer).",
    labelNames: ["endpoint", "status"],
    registers: [this.registry],
  });

  private readonly upstreamSeconds = new Histogram({
    name: "bff_upstream_call_duration_seconds",
    help: "Stytch call duration by endpoint.",
    labelNames: ["endpoint"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly batchSizes = new Histogram({
    name: "bff_dataloader_batch_size",
    help: "Keys per DataLoader batch (one Stytch search each).",
    labelNames: ["loader"],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });

  private readonly breakerState = new Gauge({
    name: "bff_circuit_breaker_state",
    help: "Circuit breaker state by Stytch endpoint group: 0 closed, 1 half-open, 2 open.",
    labelNames: ["group"],
    registers: [this.registry],
  });

  private readonly snapshotReads = new Counter({
    name: "bff_snapshot_cache_reads_total",
    help: "Snapshot cache reads by kind (member, organization, discovery) and result (hit, miss).",
    labelNames: ["kind", "result"],
    registers: [this.registry],
  });

  /** Set by the transport: the concurrency limit's state, read when scraped rather than pushed per call. */
  private readConcurrency: () => ConcurrencySnapshot = () => ({ limit: 0, inFlight: 0, queued: 0 });

  private readonly callsShed = new Counter({
    name: "bff_upstream_calls_shed_total",
    help: "Stytch calls refused before being sent (could not be answered within their deadline), by group.",
    labelNames: ["group"],
    registers: [this.registry],
  });

  private readonly storeCalls = new Counter({
    name: "bff_store_calls_total",
    help: "Calls to the shared store (Redis) by operation and result (ok, full: out of memory, error, timeout, rejected: breaker open).",
    labelNames: ["op", "result"],
    registers: [this.registry],
  });

  private readonly storeSeconds = new Histogram({
    name: "bff_store_call_duration_seconds",
    help: "Shared store (Redis) call duration by operation, calls rejected by the breaker left out.",
    labelNames: ["op"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5],
    registers: [this.registry],
  });

  private readonly storeBreaker = new Gauge({
    name: "bff_store_breaker_state",
    help: "The shared store's (Redis) circuit breaker: 0 closed, 1 half-open, 2 open.",
    registers: [this.registry],
  });

  /** Whether the revocation feed vouches now: it changes with time alone (a hold-down ending), so read at scrape. */
  private readFeedLive: (() => boolean) | null = null;

  private readonly revocationFeed = new Gauge({
    name: "bff_store_revocation_feed_live",
    help: "1 while this replica hears every sign-out through Redis (local JWTs trusted), 0 while it asks Stytch.",
    registers: [this.registry],
    collect: () => {
      if (this.readFeedLive) this.revocationFeed.set(this.readFeedLive() ? 1 : 0);
    },
  });

  private readonly unsentRevocations = new Gauge({
    name: "bff_store_unsent_revocations",
    help: "Sign-outs made on this replica not yet both published and listed in Redis (others may not honour them).",
    registers: [this.registry],
  });

  constructor() {
    for (const group of ["sessions", "search", "discovery", "mfa"]) {
      this.breakerState.set({ group }, 0);
      this.callsShed.inc({ group }, 0);
    }
    this.scrapedGauge(
      "bff_upstream_concurrency_limit",
      "Stytch calls the adaptive concurrency limit allows in flight now.",
      (snapshot) => snapshot.limit,
    );
    this.scrapedGauge(
      "bff_upstream_calls_in_flight",
      "Stytch calls in flight (admitted by the concurrency limit).",
      (snapshot) => snapshot.inFlight,
    );
    this.scrapedGauge(
      "bff_upstream_calls_queued",
      "Stytch calls waiting for a slot in the concurrency limit.",
      (snapshot) => snapshot.queued,
    );
  }

  onRequest(operation: string, outcome: string, durationMs: number): void {
    this.requests.inc({ operation, outcome });
    this.requestSeconds.observe({ operation, outcome }, durationMs / 1000);
  }

  onAttempt(endpoint: string, status: number, durationMs: number): void {
    this.upstreamCalls.inc({ endpoint, status: String(status) });
    this.upstreamSeconds.observe({ endpoint }, durationMs / 1000);
  }

  onBreakerState(group: EndpointGroup, state: BreakerState): void {
    this.breakerState.set({ group }, BREAKER_VALUE[state]);
  }

  onBatch(loader: string, size: number): void {
    this.batchSizes.observe({ loader }, size);
  }

  onSnapshotRead(kind: SnapshotKind, hit: boolean): void {
    this.snapshotReads.inc({ kind, result: hit ? "hit" : "miss" });
  }

  onStoreCall(op: string, result: StoreCallResult, durationMs: number): void {
    this.storeCalls.inc({ op, result });
    if (result !== "rejected") this.storeSeconds.observe({ op }, durationMs / 1000);
  }

  onStoreBreakerState(state: BreakerState): void {
    this.storeBreaker.set(BREAKER_VALUE[state]);
  }

  onRevocationFeed(live: boolean): void {
    this.revocationFeed.set(live ? 1 : 0);
  }

  watchRevocationFeed(isLive: () => boolean): void {
    this.readFeedLive = isLive;
  }

  onUnsentRevocations(count: number): void {
    this.unsentRevocations.set(count);
  }

  watchConcurrency(read: () => ConcurrencySnapshot): void {
    this.readConcurrency = read;
  }

  onShed(group: EndpointGroup): void {
    this.callsShed.inc({ group });
  }

  /** A gauge set from the transport's concurrency snapshot when scraped. */
  private scrapedGauge(name: string, help: string, pick: (snapshot: ConcurrencySnapshot) => number): void {
    const read = () => this.readConcurrency();
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(pick(read()));
      },
    });
  }
}
