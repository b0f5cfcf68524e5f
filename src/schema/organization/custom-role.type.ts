import { Field, ObjectType } from "type-graphql";
import type { CustomRole as Domain, RolePermission as PermissionDomain } from "../../stytch/types";

@ObjectType({ simpleResolvers: true, description: "Actions a role may perform on one RBAC resource." })
export class RolePermission implements PermissionDomain {
  @Field(() => String, { description: "The RBAC resource." })
  resourceId!: string;

  @Field(() => [String], { description: "The actions allowed on it ('*' for all)." })
  actions!: string[];
}

@ObjectType({
  simpleResolvers: true,
  description: "A role defined by the organization on top of the project's RBAC policy.",
})
export class CustomRole implements Domain {
  @Field(() => String, { description: "The role's id." })
  roleId!: string;

  @Field(() => String, { description: "What the role is for." })
  description!: string;

  @Field(() => [RolePermission], { description: "What the role grants." })
  permissions!: RolePermission[];
}
