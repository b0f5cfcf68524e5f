import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import { callerKey, memberKeyOf } from "../../auth/caller-identity";
import { sessionMinutes } from "../../auth/session-length";
import type { RequestContext } from "../../context";
import type { ExchangeOutcome } from "../../stytch/types";
import { forgetGoneSession } from "../session/forget-gone-session";
import { ExchangeSessionArgs, validateExchangeArgs } from "./exchange-session.args";
import { ExchangeSessionResult, toExchangeSessionResult } from "./exchange-session.result";

@Resolver()
export class ExchangeSessionResolver {
  @Mutation(() => ExchangeSessionResult, {
    description:
      "Switch the caller's session into another organization the person belongs to. Answers with the new " +
      "session, an MFA challenge to finish with completeMfa, or the primary authentication the organization " +
      "demands. Browsers get the new session (or the pending step's token) as HttpOnly cookies. An operation " +
      "may hold only one of exchangeSession, sendMfaSmsCode, completeMfa and signOut. Switching into an MFA " +
      "organization may text the member a code, so it is throttled per member (RATE_LIMITED, retryAfter).",
  })
  async exchangeSession(
    @Args(() => ExchangeSessionArgs) args: ExchangeSessionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const credential = ctx.requireCredential();
    validateExchangeArgs(args);
    const minutes = sessionMinutes(args.sessionDurationMinutes, ctx.sessionMaxMinutes);
    // Stytch texts a code as part of an exchange into an MFA organization: that is throttled before asking.
    const ticket = await ctx.guard.beforeExchange(await callerKey(ctx, credential), args.orgId);
    let outcome: ExchangeOutcome;
    try {
      outcome = await forgetGoneSession(ctx, () =>
        ctx.port.exchangeSession({
          credential,
          organizationId: args.orgId,
          sessionDurationMinutes: minutes,
          locale: args.locale ?? undefined,
          telemetryId: args.telemetryId ?? undefined,
        }),
      );
    } catch (error) {
      await ticket.settle("failed");
      throw error;
    }
    const texted = outcome.kind === "mfa_required" && outcome.smsCodeSent;
    await ticket.settle(texted ? "texted" : "quiet");
    ctx.loaders.prime(outcome);
    if (outcome.kind === "mfa_required" && texted) {
      const member = { organizationId: outcome.organization.id, memberId: outcome.member.id };
      await ctx.guard.recordExchangeSms(outcome.intermediateSessionToken, member, ctx.clientAddress);
    }
    if (outcome.kind === "authenticated") {
      ctx.caller.rememberSession(outcome);
      ctx.caller.forgetIntermediateSession();
      await ctx.guard.rememberTokenOwner(
        outcome.sessionToken,
        memberKeyOf(outcome.session),
        outcome.session.expiresAt,
      );
    } else
      ctx.caller.rememberIntermediateSession(
        outcome.intermediateSessionToken,
        outcome.intermediateSessionExpiresAt,
      );
    ctx.record.outcome = outcome.kind;
    return toExchangeSessionResult(outcome, ctx.revealTokens);
  }
}
