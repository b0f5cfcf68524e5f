import { Field, ObjectType } from "type-graphql";
import type { IssuedSession, Member, Organization } from "../../stytch/types";
import { MemberSession } from "../session/member-session.type";
import { ExchangeOutcome } from "./exchange-outcome.interface";

@ObjectType({
  simpleResolvers: true,
  implements: ExchangeOutcome,
  description: "The member is fully authenticated in the target organization: a new session was issued.",
})
export class AuthenticatedSession extends ExchangeOutcome {
  @Field(() => MemberSession, { description: "The new session, scoped to the target organization." })
  session!: MemberSession;

  @Field(() => String, {
    nullable: true,
    description:
      "The new opaque session token. Returned only to bearer (mobile) callers; browsers get an HttpOnly cookie.",
  })
  sessionToken!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The new session JWT (valid 5 minutes). Bearer callers only, as sessionToken.",
  })
  sessionJwt!: string | null;

  static from(
    answer: IssuedSession & { stytchRequestId: string; member: Member; organization: Organization },
    revealTokens: boolean,
  ): AuthenticatedSession {
    return Object.assign(new AuthenticatedSession(), {
      requestId: answer.stytchRequestId,
      member: answer.member,
      organization: answer.organization,
      device: "device" in answer ? answer.device : null,
      session: answer.session,
      sessionToken: revealTokens ? answer.sessionToken : null,
      sessionJwt: revealTokens ? answer.sessionJwt : null,
    });
  }
}
