import type { RequestContext } from "../context";
import { UnauthenticatedError } from "../errors/app-errors";
import type { AuthenticatedMember, SessionCredential } from "../stytch/port";
import type { DiscoveredOrganization, Member, MemberSession, Organization } from "../stytch/types";
import { authenticate, callerSession, memberKeyOf } from "./caller-session";
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

/** What a session (its JWT's claims) tells of its member and organization: asking for no more costs no lookup. */
export const SESSION_MEMBER_FIELDS: ReadonlySet<string> = new Set(["__typename", "id", "organizationId"]);
export const SESSION_ORGANIZATION_FIELDS: ReadonlySet<string> = new Set(["__typename", "id", "slug"]);

export const sessionMember = (session: MemberSession): Pick<Member, "id" | "organizationId"> => ({
  id: session.memberId,
  organizationId: session.organizationId,
});

export const sessionOrganization = (session: MemberSession): Pick<Organization, "id" | "slug"> => ({
  id: session.organizationId,
  slug: session.organizationSlug,
});

/**
 * The viewer's member: as this request already knows it, else a recent snapshot, else Stytch's
 * sessions.authenticate (once per request, bringing the organization along).
 */
export async function viewerMember(ctx: RequestContext, viewer: ViewerProof): Promise<Member> {
  const key = memberKeyOf(viewer.session);
  const known = ctx.loaders.memberById.peek(key) ?? (await ctx.snapshots.member(key));
  if (!known) return (await viewer.identity()).member;
  ctx.loaders.prime({ member: known });
  return known;
}

/** The session's organization, found the same way as the viewer's member. */
export async function viewerOrganization(ctx: RequestContext, viewer: ViewerProof): Promise<Organization> {
  const id = viewer.session.organizationId;
  const known = ctx.loaders.organizationById.peek(id) ?? (await ctx.snapshots.organization(id));
  if (!known) return (await viewer.identity()).organization;
  ctx.loaders.prime({ organization: known });
  return known;
}

/**
 * The organizations the viewer's person can switch into: a recent list of this session's, else one Stytch call
 * (kept for the next page loads); primed into loaders either way.
 */
export async function switchableOrganizations(
  ctx: RequestContext,
  viewer: ViewerProof,
): Promise<DiscoveredOrganization[]> {
  const discovered = await ctx.once("discovery", () => discover(ctx, viewer));
  for (const { organization, member } of discovered) ctx.loaders.prime({ organization, member });
  return discovered;
}

async function discover(ctx: RequestContext, viewer: ViewerProof): Promise<DiscoveredOrganization[]> {
  const sessionId = viewer.session.id;
  const cached = await ctx.snapshots.discovery(sessionId);
  if (cached) return cached;
  const discovered = await forgettingWhenGone(ctx.caller.forgetSession, () =>
    ctx.stytch.discoverOrganizations(viewer.credential),
  );
  ctx.snapshots.rememberDiscovery(sessionId, discovered);
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
    ctx.caller.adoptSession(verified.expiresAt);
    return { session: verified, credential: ctx.caller.sessionJwt!, identity };
  }
  try {
    const answer = authenticated ?? (await authenticateSame(ctx, caller.credential, caller.sessionId));
    // Stytch answered with a fresh JWT (the old one had expired or was missing): a browser gets it as its
    // new cookie. Nothing else changes, so a pending MFA step's cookie stays.
    if (answer.sessionJwt !== ctx.caller.sessionJwt?.value) ctx.caller.rememberSession(answer);
    ctx.caller.adoptSession(answer.session.expiresAt);
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
