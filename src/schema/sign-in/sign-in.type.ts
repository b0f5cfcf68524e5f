import { Field, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { DiscoverySignIn } from "../../stytch/port";
import { SwitchableOrganization } from "../viewer/switchable-organization.type";

@ObjectType({
  simpleResolvers: true,
  description:
    "A person who proved their email address, before entering an organization: the organizations they can " +
    "enter (enterOrganization), each with what entering would take. Lasts until expiresAt.",
})
export class SignIn {
  @Field(() => String, { description: "The email address proven." })
  email!: string;

  @Field(() => [SwitchableOrganization], {
    description: "Every organization the person can enter; none is current, so each is shown reduced.",
  })
  organizations!: SwitchableOrganization[];

  @Field(() => String, {
    nullable: true,
    description:
      "The sign-in's intermediate session token, for enterOrganization. Null for browsers, which hold it as " +
      "an HttpOnly cookie.",
  })
  intermediateSessionToken!: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the sign-in lapses (Stytch: 10 minutes)." })
  expiresAt!: Date;

  static from(signIn: DiscoverySignIn, revealTokens: boolean): SignIn {
    return Object.assign(new SignIn(), {
      email: signIn.emailAddress,
      // No organization is entered yet: every entry is shown reduced.
      organizations: signIn.organizations.map((entry) => SwitchableOrganization.from(entry, null)),
      intermediateSessionToken: revealTokens ? signIn.intermediateSessionToken : null,
      expiresAt: signIn.intermediateSessionExpiresAt,
    });
  }
}
