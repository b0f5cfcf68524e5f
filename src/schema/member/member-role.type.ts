import { Field, ObjectType } from "type-graphql";
import type { JsonObject, MemberRole as Domain, MemberRoleSource as SourceDomain } from "../../stytch/types";
import { JSONObject } from "../common/scalars";

@ObjectType({ simpleResolvers: true, description: "Why a member holds a role." })
export class MemberRoleSource implements SourceDomain {
  @Field(() => String, {
    description:
      "direct_assignment, email_assignment, sso_connection, sso_connection_group, scim_connection_group, " +
      "or a source Stytch adds later.",
  })
  type!: string;

  @Field(() => JSONObject, {
    nullable: true,
    description: "Source specifics, e.g. the email domain or the SSO connection id and group.",
  })
  details!: JsonObject | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "A role the member holds and every source that grants it.",
})
export class MemberRole implements Domain {
  @Field(() => String, { description: "The role's id, e.g. stytch_member, stytch_admin or a custom role." })
  roleId!: string;

  @Field(() => [MemberRoleSource], { description: "The grants behind this role." })
  sources!: MemberRoleSource[];
}
