import type Redis from "ioredis";
import type { Counter, StateStore } from "../state-store";
import type { StoreGuard } from "./store-guard";

/**
 * INCRBY and the window's expiry in one step, so that no counter is ever left without an expiry (a crash
 * between INCR and PEXPIRE would otherwise keep a limit forever) and concurrent replicas see one count.
 * Returns the count (never below 0, as the in-memory store) and the window's remaining milliseconds.
 */
const INCREMENT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
if count < 0 then
  redis.call('SET', KEYS[1], 0, 'KEEPTTL')
  count = 0
end
return {count, ttl}`;

/** A counter and its remaining window, read together. */
const PEEK = `
local count = redis.call('GET', KEYS[1])
if not count then return nil end
return {tonumber(count), redis.call('PTTL', KEYS[1])}`;

interface Scripted {
  bffIncrement(key: string, by: number, windowMs: number): Promise<[number, number]>;
  bffPeek(key: string): Promise<[number, number] | null>;
}

/** Registers the scripts once per connection (ioredis sends EVALSHA, and EVAL once if Redis lacks the script). */
export function defineScripts(redis: Redis): void {
  redis.defineCommand("bffIncrement", { numberOfKeys: 1, lua: INCREMENT });
  redis.defineCommand("bffPeek", { numberOfKeys: 1, lua: PEEK });
}

/**
 * The state store in Redis, under a namespace (`prefix`), shared by every replica: counters are atomic
 * scripts, strings are SET PX / GET / DEL, and every key expires. Keys arrive hashed where they come from a
 * credential (throttle-keys.ts); values are ids and small JSON, never a token. Every call goes through the
 * guard (deadline, breaker): one that cannot be made throws StoreUnavailableError, which caches treat as a
 * miss and throttles as a refusal.
 */
export class RedisStateStore implements StateStore {
  constructor(
    private readonly redis: Redis,
    private readonly guard: StoreGuard,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, windowMs: number, by = 1): Promise<Counter> {
    const [count, ttl] = await this.guard.run("increment", () =>
      this.scripts.bffIncrement(this.prefix + key, by, Math.max(1, Math.ceil(windowMs))),
    );
    return { count, resetAt: this.now() + ttl };
  }

  async peek(key: string): Promise<Counter | null> {
    const found = await this.guard.run("peek", () => this.scripts.bffPeek(this.prefix + key));
    return found && { count: found[0], resetAt: this.now() + found[1] };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.guard.run("put", () => this.redis.set(this.prefix + key, value, "PX", Math.ceil(ttlMs)));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const taken = await this.guard.run("claim", () =>
      this.redis.set(this.prefix + key, "claimed", "PX", Math.max(1, Math.ceil(ttlMs)), "NX"),
    );
    return taken === "OK";
  }

  get(key: string): Promise<string | null> {
    return this.guard.run("get", () => this.redis.get(this.prefix + key));
  }

  async delete(key: string): Promise<void> {
    await this.guard.run("delete", () => this.redis.del(this.prefix + key));
  }

  private get scripts(): Scripted {
    return this.redis as unknown as Scripted;
  }
}
