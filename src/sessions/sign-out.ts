import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import type { MemberKey, SessionCredential } from "../stytch/port";
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
  // A session Stytch's login UI left in its own cookies (one whose Domain our answer cannot expire) would be
  // taken over again at the next request: it ends here too.
  const leftover = ctx.caller.leftoverSdkSession;
  if (leftover) await revoke(ctx, leftover, null, null);
  if (!caller) return carried || leftover !== null;
  await revoke(ctx, caller.credential, caller.sessionId, caller.member);
  return true;
}

/** Revokes a session here (its JWTs refused at once) and at Stytch; one already gone is signed out anyway. */
async function revoke(
  ctx: RequestContext,
  credential: SessionCredential,
  knownSessionId: string | null,
  member: MemberKey | null,
): Promise<void> {
  try {
    const sessionId = knownSessionId ?? (await ctx.stytch.authenticateSession(credential)).session.id;
    await ctx.revokedSessions.add(sessionId);
    await ctx.snapshots.forget({ member, sessionId });
    await ctx.stytch.revokeSession(credential);
  } catch (error) {
    // Already revoked or expired: the caller is signed out either way.
    if (!(error instanceof UnauthenticatedError)) throw error;
  }
}
