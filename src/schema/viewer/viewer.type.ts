import { Field, ObjectType } from "type-graphql";
import type { ViewerProof } from "../../sessions/viewer";
import { MemberSession } from "../session/member-session.type";

@ObjectType({ simpleResolvers: true, description: "The caller, as their current session proves them." })
export class Viewer {
  @Field(() => MemberSession, { description: "The current session." })
  session!: MemberSession;

  /** How the session was proven, for the calls the viewer's other fields make. */
  proof!: ViewerProof;

  static from(proof: ViewerProof): Viewer {
    return Object.assign(new Viewer(), { session: proof.session, proof });
  }
}
