import { Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { UnauthenticatedError } from "../../errors/app-errors";

@Resolver()
export class SignOutResolver {
  @Mutation(() => Boolean, {
    description:
      "Revoke the caller's session at Stytch (and clear a browser's cookies). True when a session was signed " +
      "out (or was already gone), false when the request carried none.",
  })
  async signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    const credential = ctx.caller.sessionToken ?? ctx.caller.sessionJwt;
    ctx.caller.forgetSession();
    if (!credential) return false;
    try {
      await ctx.port.revokeSession(credential);
    } catch (error) {
      // Already revoked or expired: the caller is signed out either way.
      if (!(error instanceof UnauthenticatedError)) throw error;
    }
    return true;
  }
}
