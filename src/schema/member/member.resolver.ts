import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import {
  isReduced,
  reducedOrganization,
  type MemberView,
  type OrganizationView,
} from "../../auth/reduced-view";
import type { RequestContext } from "../../context";
import { Organization } from "../organization/organization.type";
import { loadOrganization } from "../../loaders/load-entities";
import { Member } from "./member.type";

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => Organization, { description: "The organization this membership belongs to." })
  organization(
    // Typed by the interface: type-graphql then hands over the root as it is, reduced view included.
    @Root() member: MemberView,
    @Ctx() { loaders }: RequestContext,
  ): OrganizationView | Promise<OrganizationView> {
    const organization = loadOrganization(loaders, member.organizationId);
    // A member shown in the reduced view (not yet authenticated there) shows its organization reduced too.
    if (!isReduced(member)) return organization;
    return organization instanceof Promise
      ? organization.then(reducedOrganization)
      : reducedOrganization(organization);
  }
}
