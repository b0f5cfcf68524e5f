import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import {
  SESSION_MEMBER_FIELDS,
  SESSION_ORGANIZATION_FIELDS,
  sessionMember,
  sessionOrganization,
} from "../../sessions/viewer";
import { selectsOnly } from "../common/selection";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
import { loadMember, loadOrganization } from "../../loaders/load-entities";
import { MemberSession } from "./member-session.type";

@Resolver(() => MemberSession)
export class MemberSessionResolver {
  @FieldResolver(() => Member, { description: "The member the session belongs to." })
  member(
    @Root() session: MemberSession,
    @Ctx() { loaders }: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Member | Promise<Member> | Pick<Member, "id" | "organizationId"> {
    if (selectsOnly(info, SESSION_MEMBER_FIELDS)) return sessionMember(session);
    return loadMember(loaders, { organizationId: session.organizationId, memberId: session.memberId });
  }

  @FieldResolver(() => Organization, { description: "The organization the session is scoped to." })
  organization(
    @Root() session: MemberSession,
    @Ctx() { loaders }: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Organization | Promise<Organization> | Pick<Organization, "id" | "slug"> {
    if (selectsOnly(info, SESSION_ORGANIZATION_FIELDS)) return sessionOrganization(session);
    return loadOrganization(loaders, session.organizationId);
  }
}
