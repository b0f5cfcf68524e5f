import type { RequestContext } from "../context";
import type { MemberKey, SessionCredential } from "../stytch/port";
import type { MemberSession } from "../stytch/types";

export const memberKeyOf = (session: MemberSession): MemberKey => ({
  organizationId: session.organizationId,
  memberId: session.memberId,
});

/**
 * Who is asking, for per-caller limits: the member its session JWT proves (verified locally, no Stytch call),
 * else the member Stytch told us owns its token, else the token itself (hashed). New tokens from switching
 * back and forth therefore do not reset a member's limits.
 */
export async function callerKey(ctx: RequestContext, credential: SessionCredential): Promise<string> {
  const jwt = ctx.caller.sessionJwt;
  const session = jwt ? await ctx.jwtVerifier.verify(jwt.value) : null;
  return ctx.guard.callerKey(credential.value, session ? memberKeyOf(session) : null);
}
