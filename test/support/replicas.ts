import "reflect-metadata";
import type { Server } from "node:http";
import { loadConfig, type LogLevel, type RedisConfig } from "../../src/config";
import { createHttpServer, listen } from "../../src/http/create-http-server";
import { createLogger } from "../../src/logger";
import { createEmulator, DEV_PROJECT_ID, DEV_SECRET, type Emulator } from "../../src/emulator";
import { SessionJwtVerifier } from "../../src/auth/session-jwt-verifier";
import { createServer as createBff, DEFAULT_SNAPSHOT_LIFETIMES, type ServerDeps } from "../../src/server";
import { Metrics } from "../../src/observability/metrics";
import { StytchHttpTransport } from "../../src/stytch/http-transport";
import { StytchAdapter } from "../../src/stytch/stytch-adapter";
import { connectSharedState, type SharedState } from "../../src/state/redis/shared-state";
import { postGraphQL } from "./http";
import type { GraphQLAnswer } from "./start-stack";
import { eventually } from "./wait";

/** One BFF process's worth: its own transport, JWT verifier, metrics and (with Redis) its own connections. */
export interface Replica {
  url: string;
  metrics: Metrics;
  shared: SharedState | null;
  /** `forwardedFor`: sent as X-Forwarded-For (read only with `trustedProxyHops`). */
  gql(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    forwardedFor?: string,
  ): Promise<GraphQLAnswer>;
  stop(): Promise<void>;
}

export interface ReplicaSet {
  emulator: Emulator;
  replicas: Replica[];
  /** The next replica in turn: requests spread round-robin, as a load balancer would. */
  next(): Replica;
  /** Until every replica's store says "ok" (connected, breaker closed, revocation feed live). */
  settled(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Redis as REDIS_URL would configure it (default deadline 100 ms). */
export function redisConfig(url: string, overrides: Partial<RedisConfig> = {}): RedisConfig {
  return { ...loadConfig({ NODE_ENV: "development", REDIS_URL: url }).redis!, ...overrides };
}

/**
 * `count` BFF replicas on loopback sharing one Stytch emulator and, when `redis` is given, one Redis: each is
 * composed as src/main.ts composes it. Without `redis`, each keeps its state in its own memory (the default).
 */
export interface ReplicaOptions {
  redis?: RedisConfig;
  emulator?: Emulator;
  /** Reverse proxies in front (X-Forwarded-For read), as TRUSTED_PROXY_HOPS. */
  trustedProxyHops?: number;
}

export async function startReplicas(count: number, options: ReplicaOptions = {}): Promise<ReplicaSet> {
  const emulator = options.emulator ?? createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET });
  const owned = !options.emulator;
  const emulatorUrl = owned ? (await emulator.start({ port: 0 })).url : emulator.url!;
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) replicas.push(await startReplica(emulator, emulatorUrl, options));
  let turn = 0;
  return {
    emulator,
    replicas,
    next: () => replicas[turn++ % replicas.length],
    async settled(ms = 20_000) {
      await eventually(
        async () => replicas.map((replica) => replica.shared?.status() ?? "ok"),
        (states) => states.every((state) => state === "ok"),
        { ms, intervalMs: 20, what: "every replica's store ok" },
      );
    },
    async stop() {
      for (const replica of replicas) await replica.stop();
      if (owned) await emulator.stop();
    },
  };
}

/** One more replica beside a set's (a replica started later, as a rolling deployment would). */
export function addReplica(set: ReplicaSet, options: ReplicaOptions): Promise<Replica> {
  return startReplica(set.emulator, set.emulator.url!, options);
}

async function startReplica(
  emulator: Emulator,
  emulatorUrl: string,
  options: ReplicaOptions,
): Promise<Replica> {
  const { redis } = options;
  const metrics = new Metrics();
  const logger = createLogger((process.env.REPLICA_LOG ?? "silent") as LogLevel);
  const transport = new StytchHttpTransport(
    {
      baseUrl: emulatorUrl,
      projectId: emulator.projectId,
      secret: emulator.secret,
      deadlineMs: 2000,
      maxConnections: 16,
    },
    metrics,
  );
  const shared = redis
    ? await connectSharedState(redis, { observer: metrics, logger, secret: emulator.secret })
    : null;
  const sharedDeps: Partial<ServerDeps> = shared
    ? {
        state: shared.state,
        cache: { store: shared.cache, lifetimes: DEFAULT_SNAPSHOT_LIFETIMES },
        revokedSessions: shared.revokedSessions,
        storeStatus: shared.status,
        storeKeySecret: emulator.secret,
      }
    : {};
  const bff = createBff({
    stytch: new StytchAdapter(transport),
    jwtVerifier: new SessionJwtVerifier({ projectId: emulator.projectId, baseUrl: emulatorUrl }),
    logger,
    metrics,
    production: false,
    development: true,
    corsOrigins: [],
    cookieNames: loadConfig({ NODE_ENV: "development" }).cookieNames,
    requestBudgetMs: 5000,
    trustedProxyHops: options.trustedProxyHops ?? 0,
    ...sharedDeps,
  });
  await bff.start();
  const server: Server = createHttpServer(bff.handle, loadConfig({ NODE_ENV: "development" }).http);
  const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}/graphql`;
  return {
    url,
    metrics,
    shared,
    async gql(query, variables, token, forwardedFor) {
      const { status, headers, text } = await postGraphQL(url, query, variables, {
        bearer: token,
        headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
      });
      return { status, headers, body: JSON.parse(text), text };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.stop();
      await transport.close();
      await shared?.close();
    },
  };
}
