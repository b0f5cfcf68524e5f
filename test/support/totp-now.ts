import { totpCode } from "../../src/emulator";

/**
 * The current TOTP code of a seeded secret, from the emulator's own TOTP function. Stand-in until the emulator's
 * `GET /__emulator/totp/{member_id}` control route lands: then this one helper asks that route instead.
 */
export function currentTotpCode(secret: string): string {
  return totpCode(secret, Date.now());
}
