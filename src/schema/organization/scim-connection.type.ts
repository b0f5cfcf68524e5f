import { Field, ObjectType } from "type-graphql";
import type { ScimConnection as Domain } from "../../stytch/types";
import { DateTime } from "../common/scalars";

@ObjectType({ simpleResolvers: true, description: "The organization's active SCIM provisioning connection." })
export class ScimConnection implements Domain {
  @Field(() => String, { description: "The connection's id." })
  connectionId!: string;

  @Field(() => String, { description: "The name shown to administrators." })
  displayName!: string;

  @Field(() => String, { description: "The last four characters of the SCIM bearer token." })
  bearerTokenLastFour!: string;

  @Field(() => DateTime, { nullable: true, description: "When the SCIM bearer token expires." })
  bearerTokenExpiresAt!: Date | null;
}
