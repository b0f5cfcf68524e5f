import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { ExchangeSessionArgs, validateExchangeArgs } from "./exchange-session.args";
import { ExchangeSessionResult, toExchangeSessionResult } from "./exchange-session.result";

@Resolver()
export class ExchangeSessionResolver {
  @Mutation(() => ExchangeSessionResult, {
    description:
      "Switch the caller's session into another organization the person belongs to. Answers with the new " +
      "session, an MFA challenge to finish with completeMfa, or the primary authentication the organization " +
      "demands. Runs at most once per operation.",
  })
  async exchangeSession(
    @Args(() => ExchangeSessionArgs) args: ExchangeSessionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const credential = ctx.requireCredential();
    validateExchangeArgs(args);
    ctx.claimExchange();
    const outcome = await ctx.port.exchangeSession({
      credential,
      organizationId: args.orgId,
      sessionDurationMinutes: args.sessionDurationMinutes ?? undefined,
      locale: args.locale ?? undefined,
      telemetryId: args.telemetryId ?? undefined,
      customClaims: args.customClaims ?? undefined,
    });
    ctx.loaders.prime(outcome);
    return toExchangeSessionResult(outcome, ctx.revealTokens);
  }
}
