import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import { Organization } from "../organization/organization.type";
import { loadOrganization } from "../organization/load-organization";
import { Member } from "./member.type";

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => Organization, { description: "The organization this membership belongs to." })
  organization(
    @Root() member: Member,
    @Ctx() { loaders }: RequestContext,
  ): Organization | Promise<Organization> {
    return loadOrganization(loaders, member.organizationId);
  }
}
