import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import { errors } from "./errors";
import { randomToken } from "./ids";
import type { IntermediateSessionRecord } from "./store";
import type { AuthenticationFactor } from "./types";

// Intermediate session tokens (ISTs): what an exchange hands out when a step is still required.
// Valid 10 minutes, single use (consumed by the MFA call that completes them).

export const IST_LIFETIME_MINUTES = 10;

export function createIntermediateSession(
  ctx: EmulatorContext,
  opts: {
    memberId: string;
    organizationId: string;
    factors: AuthenticationFactor[];
    primarySatisfied: boolean;
  },
): IntermediateSessionRecord {
  const record: IntermediateSessionRecord = {
    token: randomToken(),
    ...opts,
    expiresAt: ctx.clock() + IST_LIFETIME_MINUTES * MINUTE_MS,
  };
  ctx.store.intermediateSessions.set(record.token, record);
  return record;
}

export function findIntermediateSession(ctx: EmulatorContext, token: string): IntermediateSessionRecord {
  const record = ctx.store.intermediateSessions.get(token);
  if (!record) throw errors.intermediateSessionNotFound();
  if (record.expiresAt <= ctx.clock()) {
    ctx.store.intermediateSessions.delete(token);
    throw errors.intermediateSessionNotFound();
  }
  return record;
}

export function consumeIntermediateSession(ctx: EmulatorContext, record: IntermediateSessionRecord): void {
  ctx.store.intermediateSessions.delete(record.token);
}
