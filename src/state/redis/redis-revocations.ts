import type Redis from "ioredis";
import { REVOCATION_KEPT_MS, type RevocationFeed } from "../../auth/revoked-sessions";
import { DEFAULT_REVOCATION_BOUNDS, FeedTrust, type RevocationBounds } from "./feed-trust";
import type { RedisEpoch } from "./redis-epoch";
import type { StoreGuard } from "./store-guard";

export { DEFAULT_REVOCATION_BOUNDS, type RevocationBounds } from "./feed-trust";

/** What a replica receives: one sign-out, and until when its JWTs could live (epoch ms). */
interface Message {
  session: string;
  until: number;
}

/** A sign-out not yet both published and listed in the sorted set. */
interface Unsent {
  until: number;
  published: boolean;
}

/** Told of what an operator should see: whether local JWTs are trusted, and how many sign-outs wait to go out. */
export interface FeedObserver {
  onLive(live: boolean): void;
  onUnsent(count: number): void;
}

/**
 * Sign-outs shared by replicas. Each one is published on a channel, then added to a sorted set (score: until
 * when its JWTs could live); every replica subscribes (on a connection of its own, as Redis requires) and lists
 * what it hears in its own RevokedSessions, so reads never leave the process. PUBLISH goes first and alone:
 * a full (noeviction) Redis refuses the ZADD but still delivers the message, which is what live replicas need;
 * the ZADD (for replicas that resubscribe later) is retried until it is taken.
 *
 * When local JWTs are trusted: see FeedTrust. A sign-out that could not be sent is kept, sent again at each
 * heartbeat and at once when the command connection is ready again, and the replica reports itself degraded
 * meanwhile; every other replica distrusts local JWTs for `holdDownMs` after any interruption, long enough for
 * that resend. The epoch (RedisEpoch) covers a Redis that came back empty.
 */
export class RedisRevocations implements RevocationFeed {
  private receive: (sessionId: string, until: number) => void = () => {};
  private held: () => Iterable<[string, number]> = () => [];
  private readonly unsent = new Map<string, Unsent>();
  private readonly trust: FeedTrust;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly command: Redis,
    private readonly subscriber: Redis,
    private readonly guard: StoreGuard,
    private readonly epoch: RedisEpoch,
    private readonly names: { set: string; channel: string },
    private readonly bounds: RevocationBounds = DEFAULT_REVOCATION_BOUNDS,
    private readonly observer: FeedObserver = { onLive: () => {}, onUnsent: () => {} },
    private readonly retentionMs = REVOCATION_KEPT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.trust = new FeedTrust(bounds, now);
  }

  /** Starts listening; `receive` lists what other replicas signed out, `held` is this replica's own list. */
  start(
    receive: (sessionId: string, until: number) => void,
    held: () => Iterable<[string, number]> = () => [],
  ): void {
    this.receive = receive;
    this.held = held;
    this.subscriber.on("message", (channel: string, text: string) => {
      if (channel === this.names.channel) this.deliver(text);
    });
    this.subscriber.on("close", () => this.report(() => this.trust.lost()));
    // ioredis resubscribes by itself after a reconnect (autoResubscribe); what was missed meanwhile is read
    // from the sorted set, once the subscription is back.
    this.subscriber.on("ready", () => void this.resync());
    if (this.subscriber.status === "ready") void this.resync();
    // Unsent sign-outs go out the moment Redis takes commands again, not at the next heartbeat.
    this.command.on("ready", () => void this.flush());
    this.timer = setInterval(() => void this.heartbeat(), this.bounds.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isLive(): boolean {
    return this.trust.isLive();
  }

  /** Sign-outs made here that not every replica may have: published or listed, not both. */
  get unsentCount(): number {
    return this.unsent.size;
  }

  async publish(sessionId: string, until: number): Promise<void> {
    this.unsent.set(sessionId, { until, published: false });
    this.observer.onUnsent(this.unsent.size);
    await this.flush();
  }

  /** One flush at a time: a heartbeat, a reconnect and a sign-out may all ask at once. */
  private flush(): Promise<void> {
    if (this.unsent.size === 0) return Promise.resolve();
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = null;
      this.observer.onUnsent(this.unsent.size);
    });
    return this.flushing;
  }

  /** Until none is left, sign-outs added meanwhile included (their `publish` awaits this very flush). */
  private async flushAll(): Promise<void> {
    for (let next = this.unsent.entries().next(); !next.done; next = this.unsent.entries().next()) {
      const [session, entry] = next.value;
      try {
        await this.send(session, entry);
      } catch {
        return; // Kept for the next heartbeat or reconnect (the rest would meet the same Redis).
      }
      // A sign-out of the same session made again meanwhile is as good as sent.
      this.unsent.delete(session);
    }
  }

  /**
   * Not gated by the breaker (`always`): a sign-out is worth one call's deadline, and a breaker cooling down
   * after Redis returned must not hold it back while other replicas start trusting local JWTs again.
   */
  private async send(session: string, entry: Unsent): Promise<void> {
    if (!entry.published) {
      const message = JSON.stringify({ session, until: entry.until } satisfies Message);
      await this.guard.always("revoke-publish", () => this.command.publish(this.names.channel, message));
      entry.published = true;
    }
    const now = this.now();
    await this.guard.always("revoke", () =>
      this.command
        .multi()
        .zadd(this.names.set, entry.until, session)
        .zremrangebyscore(this.names.set, "-inf", now)
        // The set expires when the newest entry it could hold would: no key lives forever.
        .pexpireat(this.names.set, Math.ceil(Math.max(entry.until, now + this.retentionMs)))
        .exec()
        .then(failedStep),
    );
  }

  private async resync(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.names.channel);
      const pingSentAt = this.now();
      const listed = await this.guard.run("revocations", () =>
        this.command.zrangebyscore(this.names.set, this.now(), "+inf", "WITHSCORES"),
      );
      const inSet = new Set<string>();
      for (let i = 0; i + 1 < listed.length; i += 2) {
        inSet.add(listed[i]);
        this.receive(listed[i], Number(listed[i + 1]));
      }
      this.relistMissing(inSet);
      await this.checkEpoch();
      this.report(() => this.trust.resynced(pingSentAt));
    } catch {
      // The next "ready" or heartbeat tries again.
    }
  }

  /**
   * Sign-outs this replica holds that the set does not list go back in: a Redis restored from an older snapshot
   * or a lagging failover replica (same epoch), or a signing-out replica that died between its PUBLISH and its
   * ZADD, would otherwise leave a replica started later trusting those JWTs.
   */
  private relistMissing(inSet: ReadonlySet<string>): void {
    const now = this.now();
    let added = false;
    for (const [session, until] of this.held())
      if (until > now && !inSet.has(session) && !this.unsent.has(session)) {
        this.unsent.set(session, { until, published: false });
        added = true;
      }
    if (added) void this.flush();
  }

  /** A Redis that came back empty: ours are added again, and no local JWT is trusted while it is young. */
  private async checkEpoch(): Promise<void> {
    const { startedAt, changed } = await this.epoch.check();
    this.trust.distrustUntil(startedAt + this.retentionMs);
    if (!changed) return;
    for (const [session, until] of this.held())
      if (until > this.now()) this.unsent.set(session, { until, published: false });
    void this.flush();
  }

  private async heartbeat(): Promise<void> {
    // An open breaker closes again by a trial call; without traffic, the heartbeat makes it, so that recovery
    // (and the store's status) needs no request.
    if (this.guard.state !== "closed")
      await this.guard.run("ping", () => this.command.ping()).catch(() => undefined);
    await this.flush();
    if (this.subscriber.status !== "ready") return this.report(() => this.trust.missed());
    // After an interruption the set is read again (resync), which also lists back what it lost meanwhile.
    if (!this.trust.subscribed || this.trust.interrupted) return this.resync();
    const sentAt = this.now();
    try {
      await this.subscriber.ping();
      await this.checkEpoch();
      this.report(() => this.trust.answered(sentAt));
    } catch {
      this.report(() => this.trust.missed());
    }
  }

  private deliver(text: string): void {
    try {
      const { session, until } = JSON.parse(text) as Message;
      if (typeof session === "string" && typeof until === "number") this.receive(session, until);
    } catch {
      // Not ours (another writer on the channel): ignored.
    }
  }

  private report(change: () => void): void {
    change();
    this.observer.onLive(this.isLive());
  }
}

/** EXEC answers each step's error in place (a full Redis refuses the ZADD): any one fails the whole. */
function failedStep(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error("transaction discarded");
}
