import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { UnreachableCaseError } from "../../errors/unreachable-case-error";
import { completeMfa, sendMfaSmsCode } from "../../sessions/mfa";
import type { MfaFactor } from "../../stytch/port";
import { AuthenticatedSession } from "../exchange/authenticated-session.type";
import { MfaChallenge } from "../exchange/mfa-challenge.type";
import { MfaMethod } from "../exchange/mfa-method.enum";
import { CompleteMfaArgs, SendMfaSmsCodeArgs } from "./mfa-args";

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
    const challenge = await sendMfaSmsCode(ctx, { member: memberOf(args), ...args });
    return MfaChallenge.from(challenge, ctx.revealTokens);
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
    const authenticated = await completeMfa(ctx, {
      member: memberOf(args),
      factor: toFactor(args.method),
      ...args,
    });
    return AuthenticatedSession.from(authenticated, ctx.revealTokens);
  }
}

const memberOf = (args: { orgId: string; memberId: string }) => ({
  organizationId: args.orgId,
  memberId: args.memberId,
});

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
