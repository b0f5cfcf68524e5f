import { Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { signOut } from "../../sessions/sign-out";

@Resolver()
export class SignOutResolver {
  @Mutation(() => Boolean, {
    description:
      "Revoke the caller's session at Stytch (and clear a browser's cookies). Its JWTs stop working on this " +
      "server at once. True when a session was signed out (or was already gone), false when the request " +
      "carried none.",
  })
  signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    return signOut(ctx);
  }
}
