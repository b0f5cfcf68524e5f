import { sessionMinutes } from "../auth/session-length";
import type { RequestContext } from "../context";
import { MfaCodeInvalidError, UnauthenticatedError } from "../errors/app-errors";
import type { AuthenticatedMember, MemberKey, MfaFactor } from "../stytch/port";
import type { MfaRequiredOutcome } from "../stytch/types";
import type { KnownStep } from "./known-credentials";
import { validateCode, validateLocale, validateMemberReference, validateToken } from "./requests";
import { forgettingWhenGone, NO_PENDING_STEP, STEP_GONE } from "./when-gone";

export interface PendingStepRequest {
  /**
   * The member as the client names it. A step opened through this BFF is known to be its member's: Stytch's
   * own ids are then used (and limits counted on them), however the client spelled the organization or member.
   */
  member: MemberKey;
  /** The step's token from an argument (mobile); browsers leave it out and the HttpOnly cookie is read. */
  intermediateSessionToken?: string | null;
}

/** Texts a new code for a pending MFA step (the previous one stops working), within the SMS throttles. */
export async function sendMfaSmsCode(
  ctx: RequestContext,
  request: PendingStepRequest & { locale?: string | null },
): Promise<MfaRequiredOutcome> {
  validateMemberReference(request.member.organizationId, request.member.memberId);
  validateLocale(request.locale);
  const step = pendingStep(ctx, request.intermediateSessionToken);
  const { known, member } = await stepMember(ctx, step, request.member);
  const reservation = await ctx.guard.reserveSms(step, known && member, ctx.clientAddress);
  let challenge: MfaRequiredOutcome;
  try {
    challenge = await forgettingWhenGone(
      ctx.caller.forgetIntermediateSession,
      () =>
        ctx.stytch.sendMfaSms({
          organizationId: member.organizationId,
          memberId: member.memberId,
          intermediateSessionToken: step,
          locale: request.locale ?? undefined,
        }),
      STEP_GONE,
    );
  } catch (error) {
    await reservation.cancel();
    throw error;
  }
  ctx.loaders.prime(challenge);
  return known ? { ...challenge, intermediateSessionExpiresAt: known.endsAt } : challenge;
}

/** Passes a pending MFA step with a code, within the code-check throttles; a browser gets the new session. */
export async function completeMfa(
  ctx: RequestContext,
  request: PendingStepRequest & { factor: MfaFactor; code: string; sessionDurationMinutes?: number | null },
): Promise<AuthenticatedMember> {
  validateMemberReference(request.member.organizationId, request.member.memberId);
  validateCode(request.factor, request.code);
  const minutes = sessionMinutes(request.sessionDurationMinutes, ctx.sessionMaxMinutes);
  const step = pendingStep(ctx, request.intermediateSessionToken);
  const { known, member } = await stepMember(ctx, step, request.member);
  const check = await ctx.guard.reserveCodeCheck(step, known && member, ctx.clientAddress);
  let authenticated: AuthenticatedMember;
  try {
    authenticated = await forgettingWhenGone(
      ctx.caller.forgetIntermediateSession,
      () =>
        ctx.stytch.completeMfa({
          factor: request.factor,
          organizationId: member.organizationId,
          memberId: member.memberId,
          code: request.code,
          intermediateSessionToken: step,
          sessionDurationMinutes: minutes,
        }),
      STEP_GONE,
    );
  } catch (error) {
    const { stepUsedUp } = await check.settle(error instanceof MfaCodeInvalidError ? "wrong" : "uncounted");
    if (stepUsedUp) ctx.caller.forgetIntermediateSession();
    throw error;
  }
  await check.settle("right");
  ctx.loaders.learn(authenticated);
  ctx.caller.rememberSession(authenticated);
  ctx.caller.forgetIntermediateSession();
  await ctx.knownCredentials.rememberToken(authenticated.sessionToken, authenticated.session);
  return authenticated;
}

/**
 * Whose the step is. A step opened through this BFF is known to be its member's: one naming another member id
 * is no pending step of that member (asked of no one); otherwise Stytch's own ids are used, however the client
 * spelled the organization. An unknown step is passed on as the client names it.
 */
async function stepMember(
  ctx: RequestContext,
  step: string,
  named: MemberKey,
): Promise<{ known: KnownStep | null; member: MemberKey }> {
  const known = await ctx.knownCredentials.step(step);
  if (known && known.member.memberId !== named.memberId) throw new UnauthenticatedError(NO_PENDING_STEP);
  return { known, member: known?.member ?? named };
}

/** The pending step's token: the argument (mobile) or the HttpOnly cookie (browser). */
export function pendingStep(
  ctx: RequestContext,
  argument: string | null | undefined,
  absent = NO_PENDING_STEP,
): string {
  const token = argument ?? ctx.caller.intermediateSessionToken;
  if (!token) throw new UnauthenticatedError(absent);
  validateToken(token, "intermediateSessionToken");
  return token;
}
