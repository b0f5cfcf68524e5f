import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { memberKeyOf } from "../../auth/caller-identity";
import type { RequestContext } from "../../context";
import { UnauthenticatedError } from "../../errors/app-errors";
import type { AuthenticatedMember, SessionCredential } from "../../stytch/port";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
import { forgetGoneSession } from "../session/forget-gone-session";
import { SwitchableOrganization } from "./switchable-organization.type";
import { Viewer } from "./viewer.type";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    nullable: true,
    description:
      "The caller's current session; null when the request carries no valid session. A valid session JWT is " +
      "verified locally and costs no Stytch call.",
  })
  viewer(@Ctx() ctx: RequestContext): Promise<Viewer | null> {
    return ctx.once("viewer", () => resolveViewer(ctx));
  }

  @FieldResolver(() => Member, { description: "The caller's member in the session's organization." })
  async member(@Root() viewer: Viewer): Promise<Member> {
    return (await viewer.identity()).member;
  }

  @FieldResolver(() => Organization, { description: "The organization the session is scoped to." })
  async organization(@Root() viewer: Viewer): Promise<Organization> {
    return (await viewer.identity()).organization;
  }

  @FieldResolver(() => [SwitchableOrganization], {
    description:
      "Every organization the caller's person can switch into (active, pending and invited memberships), " +
      "with what switching would take. One Stytch call; never sends an SMS.",
  })
  async organizations(@Root() viewer: Viewer, @Ctx() ctx: RequestContext): Promise<SwitchableOrganization[]> {
    const discovered = await ctx.once("discovery", () =>
      forgetGoneSession(ctx, () => ctx.port.discoverOrganizations(viewer.credential)),
    );
    for (const { organization, member } of discovered)
      ctx.loaders.prime({ organization, member: member ?? undefined });
    return discovered.map((entry) => SwitchableOrganization.from(entry, viewer.session.organizationId));
  }
}

/**
 * Who the request's credentials prove, or null. A valid JWT is enough by itself (no Stytch call) unless its
 * session was signed out here. Stytch is asked only with a token, or with a JWT whose sole fault is its age:
 * a forged, foreign or malformed JWT is nobody, at no cost.
 */
async function resolveViewer(ctx: RequestContext): Promise<Viewer | null> {
  const { sessionJwt, sessionToken } = ctx.caller;
  let expiredSessionId: string | null = null;
  if (sessionJwt) {
    const verdict = await ctx.jwtVerifier.check(sessionJwt.value);
    if (verdict.kind === "valid") {
      const { session } = verdict;
      if (ctx.revokedSessions.has(session.id)) return signedOut(ctx);
      const credential = sessionToken ?? sessionJwt;
      return Viewer.from(session, sessionJwt, () =>
        ctx.once("identity", () => authenticateSame(ctx, credential, session.id)),
      );
    }
    if (verdict.kind === "expired") {
      expiredSessionId = verdict.sessionId;
      if (expiredSessionId && ctx.revokedSessions.has(expiredSessionId)) return signedOut(ctx);
    } else if (!sessionToken) return null;
  }
  const credential = sessionToken ?? sessionJwt;
  if (!credential) return null;
  try {
    const authenticated = await authenticateSame(ctx, credential, expiredSessionId);
    // Stytch answered with a fresh JWT (the old one had expired or was missing): a browser gets it as its
    // new cookie. Nothing else changes, so a pending MFA step's cookie stays.
    if (authenticated.sessionJwt !== ctx.caller.sessionJwt?.value) ctx.caller.rememberSession(authenticated);
    return Viewer.from(authenticated.session, credential, async () => authenticated);
  } catch (error) {
    // An invalid or expired session is an answer ("nobody"), not a failure.
    if (error instanceof UnauthenticatedError) return null;
    throw error;
  }
}

function signedOut(ctx: RequestContext): null {
  ctx.caller.forgetSession();
  return null;
}

/**
 * Authenticates with Stytch, and insists that the answer is the session the caller's JWT names (when it names
 * one): a token cookie of one session beside a JWT cookie of another must never mix two people in one answer.
 */
async function authenticateSame(
  ctx: RequestContext,
  credential: SessionCredential,
  expectedSessionId: string | null,
): Promise<AuthenticatedMember> {
  const authenticated = await forgetGoneSession(ctx, () => ctx.port.authenticateSession(credential));
  if (expectedSessionId !== null && authenticated.session.id !== expectedSessionId) {
    ctx.caller.forgetSession();
    throw new UnauthenticatedError("The session cookies do not belong to one session.");
  }
  ctx.loaders.prime(authenticated);
  if (credential.kind === "session_token") {
    const { session } = authenticated;
    await ctx.guard.rememberTokenOwner(credential.value, memberKeyOf(session), session.expiresAt);
  }
  return authenticated;
}
