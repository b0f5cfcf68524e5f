import type Redis from "ioredis";
import type { StoreGuard } from "./store-guard";

/**
 * The epoch key is refreshed at every check; only a Redis no replica has checked for this long loses it, and
 * then the next replica starts a new epoch (which only costs Stytch calls while it is young).
 */
const EPOCH_KEPT_MS = 7 * 24 * 60 * 60_000;

export interface EpochReading {
  /** When this Redis's epoch began (epoch ms): sign-outs listed before then may be lost. */
  startedAt: number;
  /** The epoch is not the one this replica saw last: Redis was emptied (restarted without persistence, flushed). */
  changed: boolean;
}

/**
 * Tells a Redis that still holds every sign-out from one that lost them. Without persistence a restarted Redis
 * is empty: its sorted set no longer lists sign-outs whose JWTs still live. `<prefix>epoch` holds the time the
 * key was created (SET NX by whichever replica first finds it missing); while it is younger than a sign-out's
 * retention, the set may be missing some, and a replica that sees a new value knows its own must be added again.
 */
export class RedisEpoch {
  private seen: string | null = null;

  constructor(
    private readonly command: Redis,
    private readonly guard: StoreGuard,
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  async check(): Promise<EpochReading> {
    const value = await this.guard.run("epoch", () => this.readOrCreate());
    const changed = this.seen !== null && this.seen !== value;
    this.seen = value;
    const startedAt = Number(value);
    // A value not ours (not a time) cannot vouch for anything: read as "just started".
    return { startedAt: Number.isFinite(startedAt) ? startedAt : this.now(), changed };
  }

  private async readOrCreate(): Promise<string> {
    const [, [, existing]] = (await this.command
      .pipeline()
      .pexpire(this.key, EPOCH_KEPT_MS)
      .get(this.key)
      .exec()) as [unknown, [unknown, string | null]];
    if (existing !== null) return existing;
    await this.command.set(this.key, String(this.now()), "PX", EPOCH_KEPT_MS, "NX");
    return (await this.command.get(this.key)) ?? String(this.now());
  }
}
