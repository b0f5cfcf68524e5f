import { Field, ObjectType } from "type-graphql";
import type { EmailImplicitRoleAssignment as Domain } from "../../stytch/types";

@ObjectType({
  simpleResolvers: true,
  description: "A role every member with an email address in a domain gets implicitly.",
})
export class EmailImplicitRoleAssignment implements Domain {
  @Field(() => String, { description: "The email domain." })
  domain!: string;

  @Field(() => String, { description: "The role granted." })
  roleId!: string;
}
