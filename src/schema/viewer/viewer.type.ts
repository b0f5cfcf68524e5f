import { Field, ObjectType } from "type-graphql";
import type { AuthenticatedMember } from "../../stytch/port";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
import { MemberSession } from "../session/member-session.type";

@ObjectType({ description: "The caller, as their current session proves them." })
export class Viewer {
  @Field(() => Member, { description: "The caller's member in the session's organization." })
  member!: Member;

  @Field(() => Organization, { description: "The organization the session is scoped to." })
  organization!: Organization;

  @Field(() => MemberSession, { description: "The current session." })
  session!: MemberSession;

  static from({
    member,
    organization,
    session,
  }: Pick<AuthenticatedMember, "member" | "organization" | "session">): Viewer {
    return Object.assign(new Viewer(), { member, organization, session });
  }
}
