// All emulator time comes from one injectable clock (epoch milliseconds), so tests expire sessions,
// intermediate session tokens and SMS codes by advancing a manual clock instead of sleeping.

export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export interface ManualClock {
  /** Current time in epoch ms; pass `clock.now` as the emulator's `clock` option. */
  now: Clock;
  advance(ms: number): number;
  set(ms: number): void;
}

export function createManualClock(startMs: number = Date.UTC(2025, 0, 1)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms: number) => (current += ms),
    set: (ms: number) => {
      current = ms;
    },
  };
}

/** RFC 3339 without fractional seconds, the way Stytch writes timestamps ("2025-01-01T00:00:00Z"). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

export const MINUTE_MS = 60_000;
