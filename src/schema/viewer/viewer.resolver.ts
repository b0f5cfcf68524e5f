import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { UnauthenticatedError } from "../../errors/app-errors";
import { Viewer } from "./viewer.type";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    nullable: true,
    description: "The caller's current session; null when the request carries no valid session.",
  })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer | null> {
    if (!ctx.credential) return null;
    try {
      const authenticated = await ctx.port.authenticateSession(ctx.credential);
      ctx.loaders.prime(authenticated);
      return Viewer.from(authenticated);
    } catch (error) {
      // An invalid or expired session is an answer ("nobody"), not a failure.
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    }
  }
}
