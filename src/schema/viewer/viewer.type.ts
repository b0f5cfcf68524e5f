import { Field, ObjectType } from "type-graphql";
import type { AuthenticatedMember, SessionCredential } from "../../stytch/port";
import { MemberSession } from "../session/member-session.type";

@ObjectType({ simpleResolvers: true, description: "The caller, as their current session proves them." })
export class Viewer {
  @Field(() => MemberSession, { description: "The current session." })
  session!: MemberSession;

  /** The credential the viewer was proven with, for the calls its fields make. */
  credential!: SessionCredential;

  /**
   * Member and organization as Stytch's sessions.authenticate returns them: already at hand when the session
   * was authenticated remotely, fetched on first use (one call) when a JWT was verified locally.
   */
  identity!: () => Promise<Pick<AuthenticatedMember, "member" | "organization">>;

  static from(session: MemberSession, credential: SessionCredential, identity: Viewer["identity"]): Viewer {
    return Object.assign(new Viewer(), { session, credential, identity });
  }
}
