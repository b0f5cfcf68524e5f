import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
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
      "may hold only one of exchangeSession, sendMfaSmsCode, completeMfa and signOut.",
  })
  async exchangeSession(
    @Args(() => ExchangeSessionArgs) args: ExchangeSessionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const credential = ctx.requireCredential();
    validateExchangeArgs(args);
    const outcome = await forgetGoneSession(ctx, () =>
      ctx.port.exchangeSession({
        credential,
        organizationId: args.orgId,
        sessionDurationMinutes: args.sessionDurationMinutes ?? undefined,
        locale: args.locale ?? undefined,
        telemetryId: args.telemetryId ?? undefined,
        customClaims: args.customClaims ?? undefined,
      }),
    );
    ctx.loaders.prime(outcome);
    if (outcome.kind === "authenticated") {
      ctx.caller.rememberSession(outcome);
      ctx.caller.forgetIntermediateSession();
    } else
      ctx.caller.rememberIntermediateSession(
        outcome.intermediateSessionToken,
        outcome.intermediateSessionExpiresAt,
      );
    ctx.record.outcome = outcome.kind;
    return toExchangeSessionResult(outcome, ctx.revealTokens);
  }
}
