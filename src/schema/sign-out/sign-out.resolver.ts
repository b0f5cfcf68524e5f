import { Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import { UnauthenticatedError } from "../../errors/app-errors";
import type { SessionCredential } from "../../stytch/port";

@Resolver()
export class SignOutResolver {
  @Mutation(() => Boolean, {
    description:
      "Revoke the caller's session at Stytch (and clear a browser's cookies). Its JWTs stop working on this " +
      "server at once. True when a session was signed out (or was already gone), false when the request " +
      "carried none.",
  })
  async signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    const credential = ctx.caller.sessionToken ?? ctx.caller.sessionJwt;
    ctx.caller.forgetSession();
    if (!credential) return false;
    // Stytch revokes the session, but its JWTs stay verifiable until they expire: refuse them here first.
    const sessionId = await sessionIdOf(ctx, credential);
    if (sessionId) ctx.revokedSessions.add(sessionId);
    try {
      await ctx.port.revokeSession(credential);
    } catch (error) {
      // Already revoked or expired: the caller is signed out either way.
      if (!(error instanceof UnauthenticatedError)) throw error;
    }
    return true;
  }
}

/** The session's id: from its JWT (no call), or from Stytch for an opaque token. Null when already gone. */
async function sessionIdOf(ctx: RequestContext, credential: SessionCredential): Promise<string | null> {
  const jwt = ctx.caller.sessionJwt;
  if (jwt) {
    const verdict = await ctx.jwtVerifier.check(jwt.value);
    if (verdict.kind === "valid") return verdict.session.id;
    if (verdict.kind === "expired" && verdict.sessionId) return verdict.sessionId;
  }
  if (credential.kind !== "session_token") return null;
  try {
    return (await ctx.port.authenticateSession(credential)).session.id;
  } catch (error) {
    if (error instanceof UnauthenticatedError) return null;
    throw error;
  }
}
