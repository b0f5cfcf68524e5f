import { Field, ObjectType } from "type-graphql";
import type { PrimaryRequiredOutcome } from "../../stytch/types";
import { ExchangeOutcome } from "./exchange-outcome.interface";
import { reducedMember, reducedOrganization } from "../../auth/reduced-view";

@ObjectType({
  simpleResolvers: true,
  implements: ExchangeOutcome,
  description:
    "The target organization does not accept how the member signed in (e.g. it requires SSO). The member " +
    "must sign in again with one of allowedAuthMethods before any MFA.",
})
export class PrimaryAuthRequired extends ExchangeOutcome {
  @Field(() => String, {
    nullable: true,
    description: "Intermediate session token to pass to the primary authentication. Bearer callers only.",
  })
  intermediateSessionToken!: string | null;

  @Field(() => [String], {
    description:
      "Stytch's vocabulary: sso, magic_link, email_otp, password, google_oauth, microsoft_oauth, ...",
  })
  allowedAuthMethods!: string[];

  static from(outcome: PrimaryRequiredOutcome, revealTokens: boolean): PrimaryAuthRequired {
    return Object.assign(new PrimaryAuthRequired(), {
      requestId: outcome.stytchRequestId,
      // Nothing the target organization accepts is proven yet: the reduced view.
      member: reducedMember(outcome.member),
      organization: reducedOrganization(outcome.organization),
      device: outcome.device,
      intermediateSessionToken: revealTokens ? outcome.intermediateSessionToken : null,
      allowedAuthMethods: outcome.allowedAuthMethods,
    });
  }
}
