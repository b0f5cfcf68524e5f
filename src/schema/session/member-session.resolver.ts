import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
import { loadMember, loadOrganization } from "../../loaders/load-entities";
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
