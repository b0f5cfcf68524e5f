import type Redis from "ioredis";
import { REVOCATION_KEPT_MS, type RevocationFeed } from "../../auth/revoked-sessions";
import type { StoreGuard } from "./store-guard";

export interface RevocationBounds {
  /** How often the subscriber connection is asked to answer (PING), proving it still hears the channel. */
  heartbeatMs: number;
  /** A replica that has not proved so for this long stops trusting local JWTs: the stated bound. */
  staleAfterMs: number;
}

export const DEFAULT_REVOCATION_BOUNDS: RevocationBounds = { heartbeatMs: 1000, staleAfterMs: 3000 };

/** What a replica receives: one sign-out, and until when its JWTs could live (epoch ms). */
interface Message {
  session: string;
  until: number;
}

/**
 * Sign-outs shared by replicas. Each one is added to a sorted set (score: until when its JWTs could live) and
 * published on a channel, in one MULTI; every replica subscribes (on a connection of its own, as Redis
 * requires) and lists what it hears in its own RevokedSessions, so reads never leave the process.
 *
 * The bound. Redis delivers in order on a connection: a PONG answering a PING sent at time t comes after every
 * message published before t. A replica trusts local JWTs only while its last answered PING was sent less than
 * `staleAfterMs` ago (and it has read the sorted set since it last subscribed), so a sign-out published at t is
 * honoured everywhere by t + `staleAfterMs`, and within the delivery time (milliseconds) while Redis is well.
 * A replica that cannot vouch asks Stytch about every session (which knows the truth), rather than refusing
 * every JWT: slower and dearer while Redis is away, never wrong. A sign-out that cannot be published is kept
 * and sent again at each heartbeat; the other replicas have then lost Redis too, unless only this one has.
 */
export class RedisRevocations implements RevocationFeed {
  private receive: (sessionId: string, until: number) => void = () => {};
  private lastAnsweredPingSentAt = -Infinity;
  private synced = false;
  private readonly unsent = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly command: Redis,
    private readonly subscriber: Redis,
    private readonly guard: StoreGuard,
    private readonly names: { set: string; channel: string },
    private readonly bounds: RevocationBounds = DEFAULT_REVOCATION_BOUNDS,
    private readonly onLive: (live: boolean) => void = () => {},
  ) {}

  /** Starts listening; `receive` lists what other replicas signed out. */
  start(receive: (sessionId: string, until: number) => void): void {
    this.receive = receive;
    this.subscriber.on("message", (channel: string, text: string) => {
      if (channel === this.names.channel) this.deliver(text);
    });
    this.subscriber.on("close", () => this.setSynced(false));
    // ioredis resubscribes by itself after a reconnect (autoResubscribe); what was missed meanwhile is read
    // from the sorted set, once the subscription is back.
    this.subscriber.on("ready", () => void this.resync());
    if (this.subscriber.status === "ready") void this.resync();
    this.timer = setInterval(() => void this.heartbeat(), this.bounds.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isLive(): boolean {
    return this.synced && Date.now() - this.lastAnsweredPingSentAt < this.bounds.staleAfterMs;
  }

  async publish(sessionId: string, until: number): Promise<void> {
    this.unsent.set(sessionId, until);
    await this.flush();
  }

  private async flush(): Promise<void> {
    for (const [session, until] of this.unsent) {
      const message = JSON.stringify({ session, until } satisfies Message);
      try {
        await this.guard.run("revoke", () =>
          this.command
            .multi()
            .zadd(this.names.set, until, session)
            .zremrangebyscore(this.names.set, "-inf", Date.now())
            // The set expires when the newest entry it could hold would: no key lives forever.
            .pexpireat(this.names.set, Math.ceil(Math.max(until, Date.now() + REVOCATION_KEPT_MS)))
            .publish(this.names.channel, message)
            .exec(),
        );
        this.unsent.delete(session);
      } catch {
        return; // Kept for the next heartbeat.
      }
    }
  }

  private async resync(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.names.channel);
      const pingSentAt = Date.now();
      const listed = await this.guard.run("revocations", () =>
        this.command.zrangebyscore(this.names.set, Date.now(), "+inf", "WITHSCORES"),
      );
      for (let i = 0; i + 1 < listed.length; i += 2) this.receive(listed[i], Number(listed[i + 1]));
      this.lastAnsweredPingSentAt = pingSentAt;
      this.setSynced(true);
    } catch {
      // The next "ready" or heartbeat tries again.
    }
  }

  private async heartbeat(): Promise<void> {
    // An open breaker closes again by a trial call; without traffic, the heartbeat makes it, so that recovery
    // (and the store's status) needs no request.
    if (this.guard.state !== "closed")
      await this.guard.run("ping", () => this.command.ping()).catch(() => undefined);
    if (this.unsent.size > 0) await this.flush();
    if (!this.synced) return void (this.subscriber.status === "ready" && (await this.resync()));
    const sentAt = Date.now();
    try {
      await this.subscriber.ping();
      this.lastAnsweredPingSentAt = Math.max(this.lastAnsweredPingSentAt, sentAt);
    } catch {
      // Stale by itself once `staleAfterMs` pass without an answer.
    }
    this.onLive(this.isLive());
  }

  private deliver(text: string): void {
    try {
      const { session, until } = JSON.parse(text) as Message;
      if (typeof session === "string" && typeof until === "number") this.receive(session, until);
    } catch {
      // Not ours (another writer on the channel): ignored.
    }
  }

  private setSynced(synced: boolean): void {
    this.synced = synced;
    this.onLive(this.isLive());
  }
}
