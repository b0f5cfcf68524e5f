import type { Logger } from "pino";
import { RevokedSessions } from "../../auth/revoked-sessions";
import { ConfigError, type RedisConfig } from "../../config";
import type { StateStore, ValueStore } from "../state-store";
import { watchConnection } from "./connection-log";
import { connectFirst } from "./first-connection";
import { SealedValueStore } from "./sealed-value-store";
import { openRedis } from "./redis-connection";
import { RedisEpoch } from "./redis-epoch";
import { DEFAULT_REVOCATION_BOUNDS, RedisRevocations, type RevocationBounds } from "./redis-revocations";
import { defineScripts, RedisStateStore } from "./redis-state-store";
import { StoreGuard, type StoreObserver } from "./store-guard";

/** What the store's metrics need beyond the calls: whether the revocation feed can vouch. */
export interface SharedStateObserver extends StoreObserver {
  onRevocationFeed(live: boolean): void;
  /** Sign-outs made on this replica that not every replica may have yet (see RedisRevocations). */
  onUnsentRevocations(count: number): void;
  /** Whether the feed vouches, read when wanted (it changes with time alone, between heartbeats). */
  watchRevocationFeed?(isLive: () => boolean): void;
}

/** Everything replicas share through one Redis, ready to hand to createServer. */
export interface SharedState {
  state: {
    store: StateStore;
    signInStore: StateStore;
    now: () => number;
    anonymousBudget: { limit: number; windowMs: number };
  };
  cache: ValueStore;
  revokedSessions: RevokedSessions;
  /** "ok", or "degraded" while the breaker is not closed, the revocation feed cannot vouch or holds unsent sign-outs. */
  status(): "ok" | "degraded";
  close(): Promise<void>;
}

export interface SharedStateOptions {
  observer: SharedStateObserver;
  /** The Stytch project secret: snapshot values are sealed with a key derived from it (SealedValueStore). */
  secret: string;
  logger: Logger;
  /** The throttles' clock (a window's reset time is computed on it). */
  now?: () => number;
  bounds?: RevocationBounds;
  /** How long start-up waits for Redis before going on without it (default 2 s). */
  connectWithinMs?: number;
}

/** Consecutive fast failures that open the breaker, and how long it stays open before one trial call. */
const BREAKER = { threshold: 3, cooldownMs: 1000 };

/**
 * The Redis-backed state: one command connection for every store call (throttles, learned credentials, sign-in
 * throttles and snapshot caches, each in a namespace of its own under the key prefix) and one subscriber for
 * the revocation channel. One breaker guards both: they fail together when Redis does.
 */
export async function connectSharedState(
  config: RedisConfig,
  options: SharedStateOptions,
): Promise<SharedState> {
  const now = options.now ?? Date.now;
  const command = openRedis(config, "command");
  const subscriber = openRedis(config, "subscriber");
  watchConnection(command, "command", options.logger, config.password);
  watchConnection(subscriber, "subscriber", options.logger, config.password);
  defineScripts(command);
  const guard = new StoreGuard({ ...BREAKER, observer: options.observer });
  const prefix = config.keyPrefix;
  const feed = new RedisRevocations(
    command,
    subscriber,
    guard,
    new RedisEpoch(command, guard, `${prefix}epoch`),
    { set: `${prefix}revoked`, channel: `${prefix}revocations` },
    options.bounds ?? DEFAULT_REVOCATION_BOUNDS,
    {
      onLive: (live) => options.observer.onRevocationFeed(live),
      onUnsent: (count) => options.observer.onUnsentRevocations(count),
    },
  );
  options.observer.watchRevocationFeed?.(() => feed.isLive());
  const revokedSessions = new RevokedSessions(Date.now, undefined, feed);
  const wait = options.connectWithinMs ?? 2000;
  const refused = (
    await Promise.all([connectFirst(command, config, wait), connectFirst(subscriber, config, wait)])
  ).find(Boolean);
  if (refused) {
    command.disconnect();
    subscriber.disconnect();
    throw new ConfigError("REDIS_URL", refused);
  }
  feed.start(
    (sessionId, until) => revokedSessions.receive(sessionId, until),
    () => revokedSessions.listed(),
  );
  return {
    state: {
      store: new RedisStateStore(command, guard, `${prefix}state:`, now),
      signInStore: new RedisStateStore(command, guard, `${prefix}signin:`, now),
      now,
      anonymousBudget: { limit: config.anonymousPerMinute, windowMs: 60_000 },
    },
    cache: new SealedValueStore(new RedisStateStore(command, guard, `${prefix}cache:`, now), options.secret),
    revokedSessions,
    // Unsent sign-outs: this replica honours them, others may not until they go out.
    status: () =>
      guard.state === "closed" && !guard.full && feed.isLive() && feed.unsentCount === 0 ? "ok" : "degraded",
    async close() {
      feed.stop();
      command.disconnect();
      subscriber.disconnect();
    },
  };
}
