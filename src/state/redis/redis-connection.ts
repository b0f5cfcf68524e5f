import { isIP } from "node:net";
import Redis from "ioredis";
import type { RedisConfig } from "../../config";
import { MAX_RECONNECT_DELAY_MS } from "./feed-trust";

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
    // SNI carries host names only (an IP address there is deprecated: DEP0123); the certificate is checked
    // against the host either way.
    tls: config.tls ? (isIP(config.host) ? {} : { servername: config.host }) : undefined,
    connectionName: `bff-${role}`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.deadlineMs,
    connectTimeout: Math.max(1000, config.deadlineMs),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
}
