import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { exchangeSession } from "../../sessions/exchange-session";
import { ExchangeSessionArgs } from "./exchange-session.args";
import { ExchangeSessionResult, toExchangeSessionResult } from "./exchange-session.result";

@Resolver()
export class ExchangeSessionResolver {
  @Mutation(() => ExchangeSessionResult, {
    description:
      "Switch the caller's session into another organization the person belongs to. Answers with the new " +
      "session, an MFA challenge to finish with completeMfa, or the primary authentication the organization " +
      "demands. Browsers get the new session (or the pending step's token) as HttpOnly cookies. An operation " +
      "may hold only this one mutation. Switching into an MFA " +
      "organization may text the member a code, so it is throttled per member (RATE_LIMITED, retryAfter).",
  })
  async exchangeSession(
    @Args(() => ExchangeSessionArgs) args: ExchangeSessionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const answer = await exchangeSession(ctx, { organization: args.orgId, ...args });
    return toExchangeSessionResult(answer, ctx.revealTokens);
  }
}
