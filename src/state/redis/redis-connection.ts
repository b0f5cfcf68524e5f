import Redis from "ioredis";
import type { RedisConfig } from "../../config";

/** Reconnects back off to at most this: a returning Redis is used again within a second. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * One connection to Redis, as every store call wants it: no offline queue (a call made while disconnected
 * fails at once instead of waiting for a reconnect), no retries of a call (the breaker decides), the deadline
 * as ioredis's `commandTimeout`, and reconnection forever in the background. TLS for rediss://, checking the
 * server's certificate against the host name.
 */
export function openRedis(config: RedisConfig, role: "command" | "subscriber"): Redis {
  return new Redis({
    host: config.host,
    port: config.port,
    username: config.username,
    password: config.password,
    db: config.db,
    tls: config.tls ? { servername: config.host } : undefined,
    connectionName: `bff-${role}`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.deadlineMs,
    connectTimeout: Math.max(1000, config.deadlineMs),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
}

/** Connects, waiting at most `ms`: start-up goes on without Redis (calls fail fast until it is there). */
export async function connectWithin(redis: Redis, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([connected, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
