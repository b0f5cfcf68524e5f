import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import { resolveViewer, switchableOrganizations } from "../../sessions/viewer";
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

  @FieldResolver(() => Member, { description: "The caller's member in the session's organization." })
  async member(@Root() viewer: Viewer): Promise<Member> {
    return (await viewer.proof.identity()).member;
  }

  @FieldResolver(() => Organization, { description: "The organization the session is scoped to." })
  async organization(@Root() viewer: Viewer): Promise<Organization> {
    return (await viewer.proof.identity()).organization;
  }

  @FieldResolver(() => [SwitchableOrganization], {
    description:
      "Every organization the caller's person can switch into (active, pending and invited memberships), " +
      "with what switching would take. One Stytch call; never sends an SMS.",
  })
  async organizations(@Root() viewer: Viewer, @Ctx() ctx: RequestContext): Promise<SwitchableOrganization[]> {
    const discovered = await switchableOrganizations(ctx, viewer.proof);
    return discovered.map((entry) => SwitchableOrganization.from(entry, viewer.session.organizationId));
  }
}
