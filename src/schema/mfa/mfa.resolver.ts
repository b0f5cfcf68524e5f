import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { BadUserInputError, UnauthenticatedError } from "../../errors/app-errors";
import { UnreachableCaseError } from "../../errors/unreachable-case-error";
import type { MfaFactor } from "../../stytch/port";
import { INTERMEDIATE_SESSION_LIFETIME_MS } from "../../stytch/mapping/exchange";
import { AuthenticatedSession } from "../exchange/authenticated-session.type";
import { validateLocale, validateSessionDuration } from "../exchange/exchange-session.args";
import { MfaChallenge, resentChallenge } from "../exchange/mfa-challenge.type";
import { MfaMethod } from "../exchange/mfa-method.enum";
import { CompleteMfaArgs, SendMfaSmsCodeArgs, validateCode, validateMemberReference } from "./mfa-args";

@Resolver()
export class MfaResolver {
  @Mutation(() => MfaChallenge, {
    description:
      "Send (or re-send) an SMS code for a pending MFA step. The previous code stops working. Use when " +
      "MfaChallenge.smsCodeSent is false or the code did not arrive.",
  })
  async sendMfaSmsCode(
    @Args(() => SendMfaSmsCodeArgs) args: SendMfaSmsCodeArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<MfaChallenge> {
    validateMemberReference(args.orgId, args.memberId);
    validateLocale(args.locale);
    const intermediateSessionToken = pendingStep(ctx, args.intermediateSessionToken);
    const sent = await forgetGonePendingStep(ctx, () =>
      ctx.port.sendMfaSms({
        organizationId: args.orgId,
        memberId: args.memberId,
        intermediateSessionToken,
        locale: args.locale ?? undefined,
      }),
    );
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
      "or expired code fails with MFA_CODE_INVALID. Browsers get the new session as HttpOnly cookies.",
  })
  async completeMfa(
    @Args(() => CompleteMfaArgs) args: CompleteMfaArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthenticatedSession> {
    validateMemberReference(args.orgId, args.memberId);
    validateCode(args.method, args.code);
    validateSessionDuration(args.sessionDurationMinutes);
    const intermediateSessionToken = pendingStep(ctx, args.intermediateSessionToken);
    const authenticated = await forgetGonePendingStep(ctx, () =>
      ctx.port.completeMfa({
        factor: toFactor(args.method),
        organizationId: args.orgId,
        memberId: args.memberId,
        code: args.code,
        intermediateSessionToken,
        sessionDurationMinutes: args.sessionDurationMinutes ?? undefined,
      }),
    );
    ctx.loaders.prime(authenticated);
    ctx.caller.rememberSession(authenticated);
    ctx.caller.forgetIntermediateSession();
    return AuthenticatedSession.from(authenticated, ctx.revealTokens);
  }
}

/** The pending step's token: the argument (mobile) or the HttpOnly cookie (browser). */
function pendingStep(ctx: RequestContext, argument: string | undefined | null): string {
  const token = argument ?? ctx.caller.intermediateSessionToken;
  if (!token) throw new UnauthenticatedError("No pending MFA step: switch organizations first.");
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) {
    throw new BadUserInputError(
      "intermediateSessionToken is not a Stytch token.",
      "intermediateSessionToken",
    );
  }
  return token;
}

/** When Stytch no longer knows the pending step, a browser's cookie for it is cleared with the answer. */
async function forgetGonePendingStep<T>(ctx: RequestContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnauthenticatedError) ctx.caller.forgetIntermediateSession();
    throw error;
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
