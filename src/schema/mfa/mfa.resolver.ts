import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import { memberKeyOf } from "../../auth/caller-identity";
import { sessionMinutes } from "../../auth/session-length";
import type { RequestContext } from "../../context";
import {
  BadUserInputError,
  ForbiddenError,
  MfaCodeInvalidError,
  UnauthenticatedError,
} from "../../errors/app-errors";
import { UnreachableCaseError } from "../../errors/unreachable-case-error";
import type { MemberKey, MfaFactor } from "../../stytch/port";
import { INTERMEDIATE_SESSION_LIFETIME_MS } from "../../stytch/mapping/exchange";
import type { AuthenticatedMember } from "../../stytch/port";
import { AuthenticatedSession } from "../exchange/authenticated-session.type";
import { validateLocale } from "../exchange/exchange-session.args";
import { MfaChallenge, resentChallenge } from "../exchange/mfa-challenge.type";
import { MfaMethod } from "../exchange/mfa-method.enum";
import { CompleteMfaArgs, SendMfaSmsCodeArgs, validateCode, validateMemberReference } from "./mfa-args";

/** One answer for every pending step that cannot be used, so that it reveals nothing about the member. */
const NO_PENDING_STEP = "No pending MFA step for this member: switch organizations again.";

@Resolver()
export class MfaResolver {
  @Mutation(() => MfaChallenge, {
    description:
      "Send (or re-send) an SMS code for a pending MFA step. The previous code stops working. Use when " +
      "MfaChallenge.smsCodeSent is false or the code did not arrive. Throttled: 30 s between codes and 3 per " +
      "step (the one the switch sent included), and per member and client (RATE_LIMITED, with retryAfter " +
      "when waiting helps).",
  })
  async sendMfaSmsCode(
    @Args(() => SendMfaSmsCodeArgs) args: SendMfaSmsCodeArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<MfaChallenge> {
    validateMemberReference(args.orgId, args.memberId);
    validateLocale(args.locale);
    const intermediateSessionToken = pendingStep(ctx, args.intermediateSessionToken);
    const reservation = await ctx.guard.reserveSms(
      intermediateSessionToken,
      memberOf(args),
      ctx.clientAddress,
    );
    const sent = await forgetGonePendingStep(ctx, () =>
      ctx.port.sendMfaSms({
        organizationId: args.orgId,
        memberId: args.memberId,
        intermediateSessionToken,
        locale: args.locale ?? undefined,
      }),
    ).catch(async (error: unknown) => {
      await reservation.cancel();
      throw error;
    });
    ctx.loaders.prime(sent);
    return resentChallenge(
      {
        ...sent,
        intermediateSessionToken,
        expiresAtLatest: new Date(Date.now() + INTERMEDIATE_SESSION_LIFETIME_MS),
      },
      ctx.revealTokens,
    );
  }

  @Mutation(() => AuthenticatedSession, {
    description:
      "Finish a pending MFA step with an SMS code, an authenticator (TOTP) code or a recovery code. A wrong " +
      "or expired code fails with MFA_CODE_INVALID; after 5 attempts the step is used up (RATE_LIMITED " +
      "without retryAfter: switch organizations again). Browsers get the new session as HttpOnly cookies.",
  })
  async completeMfa(
    @Args(() => CompleteMfaArgs) args: CompleteMfaArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthenticatedSession> {
    validateMemberReference(args.orgId, args.memberId);
    validateCode(args.method, args.code);
    const minutes = sessionMinutes(args.sessionDurationMinutes, ctx.sessionMaxMinutes);
    const intermediateSessionToken = pendingStep(ctx, args.intermediateSessionToken);
    const check = await ctx.guard.reserveCodeCheck(
      intermediateSessionToken,
      memberOf(args),
      ctx.clientAddress,
    );
    let authenticated: AuthenticatedMember;
    try {
      authenticated = await forgetGonePendingStep(ctx, () =>
        ctx.port.completeMfa({
          factor: toFactor(args.method),
          organizationId: args.orgId,
          memberId: args.memberId,
          code: args.code,
          intermediateSessionToken,
          sessionDurationMinutes: minutes,
        }),
      );
    } catch (error) {
      const { stepUsedUp } = await check.settle(error instanceof MfaCodeInvalidError ? "wrong" : "uncounted");
      if (stepUsedUp) ctx.caller.forgetIntermediateSession();
      throw error;
    }
    await check.settle("right");
    ctx.loaders.prime(authenticated);
    ctx.caller.rememberSession(authenticated);
    ctx.caller.forgetIntermediateSession();
    await ctx.guard.rememberTokenOwner(
      authenticated.sessionToken,
      memberKeyOf(authenticated.session),
      authenticated.session.expiresAt,
    );
    return AuthenticatedSession.from(authenticated, ctx.revealTokens);
  }
}

const memberOf = (args: { orgId: string; memberId: string }): MemberKey => ({
  organizationId: args.orgId,
  memberId: args.memberId,
});

/** The pending step's token: the argument (mobile) or the HttpOnly cookie (browser). */
function pendingStep(ctx: RequestContext, argument: string | undefined | null): string {
  const token = argument ?? ctx.caller.intermediateSessionToken;
  if (!token) throw new UnauthenticatedError(NO_PENDING_STEP);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) {
    throw new BadUserInputError(
      "intermediateSessionToken is not a Stytch token.",
      "intermediateSessionToken",
    );
  }
  return token;
}

/**
 * When Stytch no longer knows the pending step, a browser's cookie for it is cleared with the answer. Stytch
 * says "member not found" (FORBIDDEN) for an unknown member before it looks at the token, and "wrong member"
 * (UNAUTHENTICATED) for a known one: both become the same UNAUTHENTICATED, so no one learns who is a member.
 */
async function forgetGonePendingStep<T>(ctx: RequestContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof UnauthenticatedError) && !(error instanceof ForbiddenError)) throw error;
    ctx.caller.forgetIntermediateSession();
    throw new UnauthenticatedError(NO_PENDING_STEP);
  }
}

function toFactor(method: MfaMethod): MfaFactor {
  switch (method) {
    case MfaMethod.SMS_OTP:
      return "sms_otp";
    case MfaMethod.TOTP:
      return "totp";
    case MfaMethod.RECOVERY_CODE:
      return "recovery_code";
    default:
      throw new UnreachableCaseError(method);
  }
}
