import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { ValueStore } from "../state-store";

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Values sealed (AES-256-GCM) before they reach Redis. Snapshot caches hold personal data (members' names,
 * email addresses, MFA phone numbers, trusted metadata): a copy of Redis (a backup, a replica, MONITOR, a
 * memory dump) must not show it. The key is derived (HKDF) from the Stytch project secret, which every replica
 * has and Redis never holds; the value's key is the authenticated data, so a value moved to another key does
 * not open. A value that does not open (another secret, tampered, an older format) is a miss, as caches treat
 * any failure. Measured: a few µs per read or write of a typical snapshot (docs/redis.md).
 */
export class SealedValueStore implements ValueStore {
  private readonly key: Buffer;

  constructor(
    private readonly inner: ValueStore,
    secret: string,
  ) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "bff-store-values", "snapshot aes-256-gcm v1", 32));
  }

  put(key: string, value: string, ttlMs: number): Promise<void> {
    return this.inner.put(key, this.seal(key, value), ttlMs);
  }

  async get(key: string): Promise<string | null> {
    const sealed = await this.inner.get(key);
    return sealed === null ? null : this.open(key, sealed);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  seal(key: string, value: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv).setAAD(Buffer.from(key));
    const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  open(key: string, sealed: string): string | null {
    if (!sealed.startsWith(VERSION)) return null;
    const bytes = Buffer.from(sealed.slice(VERSION.length), "base64");
    if (bytes.length < IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(key)).setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      return null;
    }
  }
}
