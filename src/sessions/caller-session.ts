import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import type { AuthenticatedMember, MemberKey, SessionCredential } from "../stytch/port";
import type { MemberSession } from "../stytch/types";
import { hashCredential, UNPROVEN_CALLER_PREFIX } from "../throttle/throttle-keys";
import { forgettingWhenGone } from "./when-gone";

/** The caller's session as far as this request can tell, its cookies agreeing on which one it is. */
export interface CallerSession {
  /** What to present to Stytch: the opaque token when there is one, else the JWT. */
  credential: SessionCredential;
  /** The session a valid JWT proves, verified locally without a Stytch call. */
  verified: MemberSession | null;
  /** Stytch's answer, when telling who the caller is took asking. */
  authenticated: AuthenticatedMember | null;
  /** The session's id, when the JWT or an earlier Stytch answer tells it. */
  sessionId: string | null;
  /** Whose session it is, when known. */
  member: MemberKey | null;
}

export const memberKeyOf = (session: MemberSession): MemberKey => ({
  organizationId: session.organizationId,
  memberId: session.memberId,
});

/**
 * Who the caller is, once per request; null for nobody. A JWT whose session was signed out here, a forged JWT
 * alone, and a token cookie and a JWT cookie of two different sessions are all nobody (and a browser's cookies
 * are cleared). Whose a token is comes from an earlier Stytch answer, or, when a JWT beside it names a session
 * and the token was never seen here, from asking Stytch once.
 */
export function callerSession(ctx: RequestContext): Promise<CallerSession | null> {
  return ctx.once("caller-session", () => establish(ctx));
}

/**
 * For per-caller limits: the member whose session it is when known (from its JWT, or from an earlier Stytch
 * answer about its token), so that new tokens from switching back and forth do not reset them; else the token
 * itself. Finding out would cost every first switch with a token issued elsewhere a second Stytch call.
 */
export function callerKey(caller: CallerSession): string {
  const { member, credential } = caller;
  return member
    ? `member:${member.organizationId}/${member.memberId}`
    : `${UNPROVEN_CALLER_PREFIX}${hashCredential(credential.value)}`;
}

async function establish(ctx: RequestContext): Promise<CallerSession | null> {
  const { sessionToken: token, sessionJwt: jwt } = ctx.caller;
  const verdict = jwt ? await ctx.jwtVerifier.check(jwt.value) : null;
  const trusted = verdict?.kind === "valid" && ctx.revokedSessions.trustsLocalJwts();
  const verified = trusted ? verdict.session : null;
  const jwtSessionId =
    verdict?.kind === "valid" ? verdict.session.id : verdict?.kind === "expired" ? verdict.sessionId : null;
  if (jwtSessionId && ctx.revokedSessions.has(jwtSessionId)) return nobody(ctx);
  if (!token) {
    // A forged, foreign or malformed JWT alone is nobody, and costs no Stytch call.
    if (!jwt || verdict?.kind === "invalid") return null;
    const member =
      verdict?.kind === "valid"
        ? memberKeyOf(verdict.session)
        : verdict?.kind === "expired"
          ? verdict.member
          : null;
    return { credential: jwt, verified, authenticated: null, sessionId: jwtSessionId, member };
  }
  let owner = await ctx.knownCredentials.ownerOf(token.value);
  let authenticated: AuthenticatedMember | null = null;
  if (!owner && jwtSessionId) {
    try {
      authenticated = await authenticate(ctx, token);
    } catch (error) {
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    }
    owner = { sessionId: authenticated.session.id, member: memberKeyOf(authenticated.session) };
  }
  if (owner && jwtSessionId && owner.sessionId !== jwtSessionId) return nobody(ctx);
  return {
    credential: token,
    verified,
    authenticated,
    sessionId: owner?.sessionId ?? null,
    member: owner?.member ?? null,
  };
}

function nobody(ctx: RequestContext): null {
  ctx.caller.forgetSession();
  return null;
}

/** sessions.authenticate, remembering whose a token is and learning what the answer carried. */
export async function authenticate(
  ctx: RequestContext,
  credential: SessionCredential,
): Promise<AuthenticatedMember> {
  const authenticated = await forgettingWhenGone(ctx.caller.forgetSession, () =>
    ctx.stytch.authenticateSession(credential),
  );
  ctx.loaders.learn(authenticated);
  if (credential.kind === "session_token")
    await ctx.knownCredentials.rememberToken(credential.value, authenticated.session);
  return authenticated;
}
