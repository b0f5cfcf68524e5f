import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import type { AuthenticatedMember, SessionCredential } from "../stytch/port";
import type { DiscoveredOrganization, MemberSession } from "../stytch/types";
import { authenticate, callerSession } from "./caller-session";
import { forgettingWhenGone } from "./when-gone";

/** Who the caller is, as its credentials prove. */
export interface ViewerProof {
  session: MemberSession;
  /** The credential the session was proven with, for the calls the viewer's fields make. */
  credential: SessionCredential;
  /**
   * Member and organization as Stytch's sessions.authenticate returns them: at hand when the session was
   * authenticated remotely, fetched on first use (one call) when a JWT was verified locally.
   */
  identity(): Promise<Pick<AuthenticatedMember, "member" | "organization">>;
}

/**
 * Who the request's credentials prove, or null; once per request, however many aliases ask. A valid JWT is
 * enough by itself (no Stytch call) unless its session was signed out here. Stytch is asked only with a token,
 * or with a JWT whose sole fault is its age: a forged, foreign or malformed JWT is nobody, at no cost.
 */
export function resolveViewer(ctx: RequestContext): Promise<ViewerProof | null> {
  return ctx.once("viewer", () => proveViewer(ctx));
}

/** The organizations the viewer's person can switch into: one Stytch call per request, primed into loaders. */
export async function switchableOrganizations(
  ctx: RequestContext,
  viewer: ViewerProof,
): Promise<DiscoveredOrganization[]> {
  const discovered = await ctx.once("discovery", () =>
    forgettingWhenGone(ctx.caller.forgetSession, () => ctx.stytch.discoverOrganizations(viewer.credential)),
  );
  for (const { organization, member } of discovered) ctx.loaders.prime({ organization, member });
  return discovered;
}

async function proveViewer(ctx: RequestContext): Promise<ViewerProof | null> {
  const caller = await callerSession(ctx);
  if (!caller) return null;
  const { verified, authenticated } = caller;
  if (verified) {
    // Everything in the answer comes from this one session: the JWT's, which the token (if any) agrees with.
    const identity = authenticated
      ? async () => authenticated
      : () => ctx.once("identity", () => authenticateSame(ctx, caller.credential, verified.id));
    return { session: verified, credential: ctx.caller.sessionJwt!, identity };
  }
  try {
    const answer = authenticated ?? (await authenticateSame(ctx, caller.credential, caller.sessionId));
    // Stytch answered with a fresh JWT (the old one had expired or was missing): a browser gets it as its
    // new cookie. Nothing else changes, so a pending MFA step's cookie stays.
    if (answer.sessionJwt !== ctx.caller.sessionJwt?.value) ctx.caller.rememberSession(answer);
    return { session: answer.session, credential: caller.credential, identity: async () => answer };
  } catch (error) {
    // An invalid or expired session is an answer ("nobody"), not a failure.
    if (error instanceof UnauthenticatedError) return null;
    throw error;
  }
}

/** Stytch's answer, which must be the session the caller's other credential named (when it named one). */
async function authenticateSame(
  ctx: RequestContext,
  credential: SessionCredential,
  expectedSessionId: string | null,
): Promise<AuthenticatedMember> {
  const answer = await authenticate(ctx, credential);
  if (expectedSessionId !== null && answer.session.id !== expectedSessionId) {
    ctx.caller.forgetSession();
    throw new UnauthenticatedError("The session cookies do not belong to one session.");
  }
  return answer;
}
