import { createHmac } from "node:crypto";

// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s steps) over an RFC 4648 base32 secret, the parameters of
// Stytch's authenticator-app TOTPs. Exported so tests and demos can compute valid codes.

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOTP_STEP_SECONDS = 30;

export function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/=+$/, "").replace(/\s+/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, "0");
}

/** The TOTP code for `secret` at `timeMs`. */
export function totpCode(secret: string, timeMs: number): string {
  return hotp(base32Decode(secret), Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS));
}

/** True when `code` matches the step at `timeMs` or one step either side (clock drift tolerance). */
export function verifyTotp(secret: string, code: string, timeMs: number): boolean {
  const key = base32Decode(secret);
  const counter = Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
  return [counter - 1, counter, counter + 1].some((c) => c >= 0 && hotp(key, c) === code);
}
