import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import { callerSession } from "./caller-session";

/**
 * Signs the caller out: the session's JWTs are refused here at once (Stytch's revocation cannot reach a JWT
 * that is verified locally), Stytch revokes the session, and a browser's cookies are cleared. True when a
 * session was signed out or was already gone (or unusable), false when the request carried none.
 */
export async function signOut(ctx: RequestContext): Promise<boolean> {
  const carried = ctx.caller.credential !== null;
  const caller = await callerSession(ctx);
  ctx.caller.forgetSession();
  if (!caller) return carried;
  try {
    const sessionId =
      caller.sessionId ?? (await ctx.stytch.authenticateSession(caller.credential)).session.id;
    await ctx.revokedSessions.add(sessionId);
    await ctx.snapshots.forget({ member: caller.member, sessionId });
    await ctx.stytch.revokeSession(caller.credential);
  } catch (error) {
    // Already revoked or expired: the caller is signed out either way.
    if (!(error instanceof UnauthenticatedError)) throw error;
  }
  return true;
}
