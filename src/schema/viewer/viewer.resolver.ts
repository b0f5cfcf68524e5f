import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import {
  resolveViewer,
  SESSION_MEMBER_FIELDS,
  SESSION_ORGANIZATION_FIELDS,
  sessionMember,
  sessionOrganization,
  switchableOrganizations,
  viewerMember,
  viewerOrganization,
} from "../../sessions/viewer";
import { selectsOnly } from "../common/selection";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
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
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer | null> {
    const proof = await resolveViewer(ctx);
    return proof && Viewer.from(proof);
  }

  @FieldResolver(() => Member, {
    description:
      "The caller's member in the session's organization. `id` and `organizationId` alone cost no Stytch call; " +
      "other fields come from a snapshot at most CACHE_SNAPSHOT_SECONDS old, or from Stytch.",
  })
  member(
    @Root() viewer: Viewer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Member> | Pick<Member, "id" | "organizationId"> {
    if (selectsOnly(info, SESSION_MEMBER_FIELDS)) return sessionMember(viewer.session);
    return viewerMember(ctx, viewer.proof);
  }

  @FieldResolver(() => Organization, {
    description:
      "The organization the session is scoped to. `id` and `slug` alone cost no Stytch call; other fields come " +
      "from a snapshot at most CACHE_SNAPSHOT_SECONDS old, or from Stytch.",
  })
  organization(
    @Root() viewer: Viewer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Organization> | Pick<Organization, "id" | "slug"> {
    if (selectsOnly(info, SESSION_ORGANIZATION_FIELDS)) return sessionOrganization(viewer.session);
    return viewerOrganization(ctx, viewer.proof);
  }

  @FieldResolver(() => [SwitchableOrganization], {
    description:
      "Every organization the caller's person can switch into (active, pending and invited memberships), " +
      "with what switching would take. One Stytch call, or none while this session's list is at most " +
      "CACHE_DISCOVERY_SECONDS old; never sends an SMS.",
  })
  async organizations(@Root() viewer: Viewer, @Ctx() ctx: RequestContext): Promise<SwitchableOrganization[]> {
    const discovered = await switchableOrganizations(ctx, viewer.proof);
    return discovered.map((entry) => SwitchableOrganization.from(entry, viewer.session.organizationId));
  }
}
