import { Field, ID, ObjectType } from "type-graphql";
import type { JsonObject, MemberSession as Domain } from "../../stytch/types";
import { DateTime, JSONObject } from "../common/scalars";
import { AuthenticationFactor } from "./authentication-factor.type";

@ObjectType({
  simpleResolvers: true,
  description: "A Stytch member session: one member, in one organization.",
})
export class MemberSession implements Domain {
  @Field(() => ID, { description: "Stytch's member session id." })
  id!: string;

  @Field(() => ID, { description: "The member the session belongs to." })
  memberId!: string;

  @Field(() => ID, { description: "The organization the session is scoped to." })
  organizationId!: string;

  @Field(() => String, { description: "That organization's slug." })
  organizationSlug!: string;

  @Field(() => DateTime, { description: "When the session started." })
  startedAt!: Date;

  @Field(() => DateTime, { description: "When the session was last used." })
  lastAccessedAt!: Date;

  @Field(() => DateTime, { description: "When the session ends." })
  expiresAt!: Date;

  @Field(() => [String], {
    description: "The roles in force for this session (SSO-derived roles count only with that SSO factor).",
  })
  roles!: string[];

  @Field(() => [AuthenticationFactor], { description: "The proofs the session rests on." })
  authenticationFactors!: AuthenticationFactor[];

  @Field(() => JSONObject, { nullable: true, description: "Custom claims carried in the session JWT." })
  customClaims!: JsonObject | null;
}
