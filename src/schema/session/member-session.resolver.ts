import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import { Member } from "../member/member.type";
import { loadMember } from "../member/load-member";
import { Organization } from "../organization/organization.type";
import { loadOrganization } from "../organization/load-organization";
import { MemberSession } from "./member-session.type";

@Resolver(() => MemberSession)
export class MemberSessionResolver {
  @FieldResolver(() => Member, { description: "The member the session belongs to." })
  member(@Root() session: MemberSession, @Ctx() { loaders }: RequestContext): Member | Promise<Member> {
    return loadMember(loaders, { organizationId: session.organizationId, memberId: session.memberId });
  }

  @FieldResolver(() => Organization, { description: "The organization the session is scoped to." })
  organization(
    @Root() session: MemberSession,
    @Ctx() { loaders }: RequestContext,
  ): Organization | Promise<Organization> {
    return loadOrganization(loaders, session.organizationId);
  }
}
