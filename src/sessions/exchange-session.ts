import { sessionMinutes } from "../auth/session-length";
import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import type { ExchangeAnswer } from "../stytch/types";
import { validateLocale, validateOrganizationReference, validateTelemetryId } from "./requests";
import { callerKey, callerSession } from "./caller-session";
import { acceptExchangeAnswer, withinSmsLimits } from "./exchange-answer";
import { forgettingWhenGone } from "./when-gone";

export interface ExchangeRequest {
  /** An organization id, slug or external id. */
  organization: string;
  sessionDurationMinutes?: number | null;
  locale?: string | null;
  telemetryId?: string | null;
}

/**
 * Switches the caller's session into another organization: throttles what would text the member, asks Stytch
 * once, then keeps the browser's cookies and this request's loaders in step with the answer.
 */
export async function exchangeSession(
  ctx: RequestContext,
  request: ExchangeRequest,
): Promise<ExchangeAnswer> {
  if (!ctx.caller.credential) throw new UnauthenticatedError();
  validateOrganizationReference(request.organization);
  const minutes = sessionMinutes(request.sessionDurationMinutes, ctx.sessionMaxMinutes);
  validateLocale(request.locale);
  validateTelemetryId(request.telemetryId);
  const caller = await callerSession(ctx);
  if (!caller) throw new UnauthenticatedError();
  // Stytch texts a code as part of an exchange into an MFA organization: that is throttled before asking.
  const answer = await withinSmsLimits(ctx, callerKey(caller), request.organization, () =>
    forgettingWhenGone(ctx.caller.forgetSession, () =>
      ctx.stytch.exchangeSession({
        credential: caller.credential,
        organizationId: request.organization,
        sessionDurationMinutes: minutes,
        locale: request.locale ?? undefined,
        telemetryId: request.telemetryId ?? undefined,
      }),
    ),
  );
  // The caller's snapshot and switch list may have changed with the switch (a membership accepted, say).
  await ctx.snapshots.forget({ member: caller.member, sessionId: caller.sessionId });
  return acceptExchangeAnswer(ctx, answer);
}
