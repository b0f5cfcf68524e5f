import { MINUTE_MS } from "./clock";
import type { EmulatorContext } from "./context";
import { errors } from "./errors";
import { randomToken } from "./ids";
import type { IntermediateSessionRecord } from "./store";
import type { AuthenticationFactor } from "./types";

// Intermediate session tokens (ISTs): what a discovery authentication, or an exchange or primary
// authentication that still needs a step, hands out. Valid 10 minutes, single use (consumed by the call that
// turns them into a session).

export const IST_LIFETIME_MINUTES = 10;

/** Where an IST is pending: a member of one organization, or nowhere yet (a discovery IST). */
export interface IntermediateSessionBinding {
  memberId: string | undefined;
  organizationId: string | undefined;
  factors: AuthenticationFactor[];
  primarySatisfied: boolean;
}

export function createIntermediateSession(
  ctx: EmulatorContext,
  opts: IntermediateSessionBinding & { emailAddress: string },
): IntermediateSessionRecord {
  const record: IntermediateSessionRecord = {
    token: randomToken(),
    ...opts,
    emailAddress: opts.emailAddress.toLowerCase(),
    expiresAt: ctx.clock() + IST_LIFETIME_MINUTES * MINUTE_MS,
  };
  ctx.store.intermediateSessions.set(record.token, record);
  return record;
}

/**
 * Points an existing IST at another pending step. Stytch answers a discovery exchange or a primary
 * authentication that still needs a step with "the same intermediate session token" that was passed in;
 * its expiry is not extended.
 */
export function bindIntermediateSession(
  record: IntermediateSessionRecord,
  binding: IntermediateSessionBinding,
): IntermediateSessionRecord {
  Object.assign(record, binding);
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
