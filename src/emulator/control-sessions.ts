import { rfc3339 } from "./clock";
import type { EmulatorContext } from "./context";
import { StytchApiError } from "./errors";
import { buildFactor, FACTOR_SHORTHANDS } from "./factors";
import { createSession } from "./sessions";
import type { SessionRecord } from "./store";
import type { FactorSpec, JsonObject } from "./types";
import { MAX_SESSION_MINUTES, MIN_SESSION_MINUTES } from "./validate";

// Sessions made by fiat (control API, seed sessions): no login flow exists in the emulator, so this is how
// a test or the demo gets a session with the factors it needs.

export function createControlSession(
  ctx: EmulatorContext,
  opts: {
    memberId: string;
    factors?: FactorSpec[];
    durationMinutes?: number;
    customClaims?: JsonObject;
    token?: string;
    id?: string;
  },
): SessionRecord {
  const record = ctx.store.requireMember(opts.memberId);
  const org = ctx.store.requireOrganization(record.member.organization_id);
  const minutes = opts.durationMinutes;
  if (
    minutes !== undefined &&
    !(Number.isInteger(minutes) && minutes >= MIN_SESSION_MINUTES && minutes <= MAX_SESSION_MINUTES)
  ) {
    throw new StytchApiError(
      400,
      "invalid_session_duration_minutes",
      `duration_minutes must be an integer between ${MIN_SESSION_MINUTES} and ${MAX_SESSION_MINUTES}.`,
    );
  }
  const specs = opts.factors ?? ["magic_link"];
  for (const spec of specs) {
    if (typeof spec === "string" ? !FACTOR_SHORTHANDS.has(spec) : typeof spec?.type !== "string") {
      throw new StytchApiError(400, "bad_request", `Unknown factor ${JSON.stringify(spec)}.`);
    }
  }
  const at = rfc3339(ctx.clock());
  return createSession(ctx, {
    memberId: opts.memberId,
    factors: specs.map((spec) => buildFactor(spec, record.member, org, at)),
    durationMinutes: minutes,
    customClaims: opts.customClaims,
    token: opts.token,
    id: opts.id,
  });
}
