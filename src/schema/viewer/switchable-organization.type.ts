import { Field, ObjectType } from "type-graphql";
import type { DiscoveredOrganization } from "../../stytch/types";
import { UnreachableCaseError } from "../../errors/unreachable-case-error";
import { Member } from "../member/member.type";
import { Organization } from "../organization/organization.type";
import { ExchangeStep } from "./exchange-step.enum";
import { reducedMember, reducedOrganization } from "../../auth/reduced-view";

@ObjectType({
  simpleResolvers: true,
  description: "An organization the caller's person can switch into, and what switching would take.",
})
export class SwitchableOrganization {
  @Field(() => Organization, { description: "The organization." })
  organization!: Organization;

  @Field(() => Member, { nullable: true, description: "The person's member there, when one exists." })
  member!: Member | null;

  @Field(() => String, {
    description: "active_member, pending_member, invited_member, or a membership type Stytch adds later.",
  })
  membership!: string;

  @Field(() => Boolean, { description: "Whether the current session is in this organization." })
  isCurrent!: boolean;

  @Field(() => ExchangeStep, { description: "What exchangeSession into this organization would answer." })
  nextStep!: ExchangeStep;

  /** `currentOrganizationId`: the session's organization; null before any is entered (a sign-in). */
  static from(
    discovered: DiscoveredOrganization,
    currentOrganizationId: string | null,
  ): SwitchableOrganization {
    const isCurrent = discovered.organization.id === currentOrganizationId;
    const { organization, member } = discovered;
    // The caller's session is in one organization: every other one gets the reduced view until entered.
    return Object.assign(new SwitchableOrganization(), {
      organization: isCurrent ? organization : reducedOrganization(organization),
      member: member && !isCurrent ? reducedMember(member) : member,
      membership: discovered.membershipType,
      isCurrent,
      nextStep: toExchangeStep(discovered.nextStep),
    });
  }
}

function toExchangeStep(step: DiscoveredOrganization["nextStep"]): ExchangeStep {
  switch (step) {
    case "authenticated":
      return ExchangeStep.AUTHENTICATED;
    case "mfa_required":
      return ExchangeStep.MFA_REQUIRED;
    case "primary_required":
      return ExchangeStep.PRIMARY_AUTH_REQUIRED;
    default:
      throw new UnreachableCaseError(step);
  }
}
