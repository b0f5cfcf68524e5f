import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import type {
  DiscoveredOrganization,
  Member as StytchMember,
  Organization as StytchOrganization,
} from "stytch";
import {
  buildSchema,
  Ctx,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from "type-graphql";
import { memberKey, type PeerContext } from "./context";

/**
 * The naive peer's schema: the page load's slice of the BFF's types, with its field names, mapped from
 * Stytch's snake_case one object at a time, as a team writes it in an afternoon.
 */

enum ExchangeStep {
  AUTHENTICATED = "AUTHENTICATED",
  MFA_REQUIRED = "MFA_REQUIRED",
  PRIMARY_AUTH_REQUIRED = "PRIMARY_AUTH_REQUIRED",
}
registerEnumType(ExchangeStep, { name: "ExchangeStep" });

@ObjectType()
class Organization {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) logoUrl!: string | null;

  static from(o: StytchOrganization): Organization {
    return {
      id: o.organization_id,
      name: o.organization_name,
      slug: o.organization_slug,
      logoUrl: o.organization_logo_url || null,
    };
  }
}

@ObjectType()
class Member {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => String) status!: string;

  static from(m: StytchMember): Member {
    return {
      id: m.member_id,
      organizationId: m.organization_id,
      email: m.email_address,
      name: m.name,
      status: m.status,
    };
  }
}

@ObjectType()
class MemberSession {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => DateTimeResolver) expiresAt!: Date;
  @Field(() => [String]) roles!: string[];
}

@ObjectType()
class SwitchableOrganization {
  @Field(() => Organization) organization!: Organization;
  @Field(() => Member, { nullable: true }) member!: Member | null;
  @Field(() => String) membership!: string;
  @Field(() => Boolean) isCurrent!: boolean;
  @Field(() => ExchangeStep) nextStep!: ExchangeStep;

  static from(d: DiscoveredOrganization, currentOrganizationId: string): SwitchableOrganization {
    const organization = Organization.from(d.organization!);
    return {
      organization,
      member: d.membership?.member ? Member.from(d.membership.member) : null,
      membership: d.membership?.type ?? "",
      isCurrent: organization.id === currentOrganizationId,
      nextStep: d.member_authenticated
        ? ExchangeStep.AUTHENTICATED
        : d.primary_required
          ? ExchangeStep.PRIMARY_AUTH_REQUIRED
          : ExchangeStep.MFA_REQUIRED,
    };
  }
}

@ObjectType()
class Viewer {
  @Field(() => MemberSession) session!: MemberSession;
}

@Resolver(() => Viewer)
class ViewerResolver {
  @Query(() => Viewer, { nullable: true })
  viewer(@Ctx() ctx: PeerContext): Viewer {
    const s = ctx.session;
    return {
      session: {
        id: s.member_session_id,
        memberId: s.member_id,
        organizationId: s.organization_id,
        expiresAt: new Date(s.expires_at!),
        roles: s.roles,
      },
    };
  }

  @FieldResolver(() => Member)
  async member(@Root() viewer: Viewer, @Ctx() ctx: PeerContext): Promise<Member> {
    const member = await ctx.members.load(memberKey(viewer.session.organizationId, viewer.session.memberId));
    if (!member) throw new Error("member not found");
    return Member.from(member);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() viewer: Viewer, @Ctx() ctx: PeerContext): Promise<Organization> {
    const organization = await ctx.organizations.load(viewer.session.organizationId);
    if (!organization) throw new Error("organization not found");
    return Organization.from(organization);
  }

  @FieldResolver(() => [SwitchableOrganization])
  async organizations(@Root() viewer: Viewer, @Ctx() ctx: PeerContext): Promise<SwitchableOrganization[]> {
    const { discovered_organizations } = await ctx.stytch.discovery.organizations.list({
      session_jwt: ctx.jwt,
    });
    return discovered_organizations.map((d) => SwitchableOrganization.from(d, viewer.session.organizationId));
  }
}

export function buildPeerSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ViewerResolver], validate: false });
}
