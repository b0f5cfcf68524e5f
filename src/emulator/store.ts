import { StytchApiError } from "./errors";
import type {
  ActiveSSOConnection,
  AuthenticationFactor,
  EmulatorSeed,
  JsonObject,
  Member,
  Organization,
  SeedMember,
} from "./types";

// The emulator's data and its indexes. Everything a route reads by key is a Map lookup; lists keep the
// seed's order so search results and discovery are deterministic.

export interface MemberRecord {
  member: Member;
  totpSecret?: string;
  /** Recovery codes not used yet. */
  recoveryCodes: string[];
  /** All recovery codes of the registration, to give each a stable factor id. */
  allRecoveryCodes: string[];
}

export interface SessionRecord {
  id: string;
  token: string;
  memberId: string;
  organizationId: string;
  startedAt: number;
  lastAccessedAt: number;
  expiresAt: number;
  factors: AuthenticationFactor[];
  customClaims: JsonObject;
}

export interface IntermediateSessionRecord {
  token: string;
  /** The person the factors prove (lower case); discovery lists and exchanges go by it. */
  emailAddress: string;
  /**
   * The member and organization the IST is pending for; both undefined for a discovery IST, which is only
   * a bag of factors until an exchange or a primary authentication binds it to one organization.
   */
  memberId: string | undefined;
  organizationId: string | undefined;
  factors: AuthenticationFactor[];
  /** False for a discovery IST and after a `primary_required` answer: MFA alone cannot finish it. */
  primarySatisfied: boolean;
  expiresAt: number;
}

export interface SmsRecord {
  memberId: string;
  organizationId: string;
  code: string;
  phoneNumber: string;
  locale: string;
  sentAt: number;
  expiresAt: number;
}

/** An email one-time passcode; `organizationId` is undefined for a discovery send. */
export interface EmailOtpRecord {
  emailAddress: string;
  organizationId: string | undefined;
  code: string;
  locale: string;
  sentAt: number;
  expiresAt: number;
}

/** An email magic link: a discovery link (no organization) or an organization's login/signup link. */
export interface MagicLinkRecord {
  token: string;
  emailAddress: string;
  organizationId: string | undefined;
  memberId: string | undefined;
  /** The link the email would carry: the redirect URL with `stytch_token_type` and `token` appended. */
  url: string;
  pkceCodeChallenge: string | undefined;
  locale: string;
  sentAt: number;
  expiresAt: number;
}

/** A browser between GET /v1/public/sso/start and the stand-in identity provider's answer. */
export interface SsoFlowRecord {
  id: string;
  connectionId: string;
  organizationId: string;
  loginRedirectUrl: string;
  signupRedirectUrl: string;
  pkceCodeChallenge: string | undefined;
  expiresAt: number;
}

/** What the identity provider vouched for: a person signed in through one connection. */
export interface SsoTokenRecord {
  token: string;
  connectionId: string;
  organizationId: string;
  emailAddress: string;
  pkceCodeChallenge: string | undefined;
  expiresAt: number;
}

const lower = (s: string) => s.toLowerCase();

/** Key of the control API's "last sent" maps: a discovery send has no organization. */
export const outboxKey = (emailAddress: string, organizationId: string | undefined) =>
  `${organizationId ?? ""}\n${lower(emailAddress)}`;

export class Store {
  readonly organizations = new Map<string, Organization>();
  private readonly orgOrder: string[] = [];
  private readonly orgPosition = new Map<string, number>();
  private readonly orgBySlug = new Map<string, string>();
  private readonly orgByExternalId = new Map<string, string>();
  readonly members = new Map<string, MemberRecord>();
  private readonly membersByOrg = new Map<string, string[]>();
  private readonly membersByEmail = new Map<string, string[]>();
  private readonly memberByExternalId = new Map<string, string>();
  readonly sessionsById = new Map<string, SessionRecord>();
  readonly sessionsByToken = new Map<string, SessionRecord>();
  readonly intermediateSessions = new Map<string, IntermediateSessionRecord>();
  /** Codes that can still be used, by member id. */
  readonly smsCodes = new Map<string, SmsRecord>();
  /** The last SMS sent to each member, kept after use or expiry for tests (`lastSmsCode`). */
  readonly lastSms = new Map<string, SmsRecord>();
  /** The one valid email code per address (a new send to the address voids the previous code). */
  readonly emailOtps = new Map<string, EmailOtpRecord>();
  /** The last code sent per address and scope (`outboxKey`), kept after use for the control API. */
  readonly lastEmailOtps = new Map<string, EmailOtpRecord>();
  /** Magic links that can still be used, by token. */
  readonly magicLinks = new Map<string, MagicLinkRecord>();
  /** The last magic link sent per address and scope (`outboxKey`), kept after use for the control API. */
  readonly lastMagicLinks = new Map<string, MagicLinkRecord>();
  readonly ssoFlows = new Map<string, SsoFlowRecord>();
  /** SSO tokens that can still be used, by token. */
  readonly ssoTokens = new Map<string, SsoTokenRecord>();
  /** Control-API presets: the person the identity provider signs in next, by connection id. */
  readonly nextSsoSignIns = new Map<string, string>();

  /** Builds a store from a seed; the seed is deep-copied so later mutations never leak back into it. */
  static fromSeed(seed: EmulatorSeed): Store {
    const store = new Store();
    if (!seed || !Array.isArray(seed.organizations) || !Array.isArray(seed.members)) {
      throw new StytchApiError(400, "bad_request", "A seed needs `organizations` and `members` arrays.");
    }
    for (const org of structuredClone(seed.organizations)) store.addOrganization(org);
    for (const member of structuredClone(seed.members)) store.addMember(member);
    return store;
  }

  private addOrganization(org: Organization): void {
    if (typeof org?.organization_id !== "string" || typeof org.organization_slug !== "string") {
      throw new StytchApiError(
        400,
        "bad_request",
        "Every seeded organization needs organization_id and slug.",
      );
    }
    if (this.organizations.has(org.organization_id)) {
      throw new StytchApiError(400, "bad_request", `Duplicate organization ${org.organization_id}.`);
    }
    this.organizations.set(org.organization_id, org);
    this.orgPosition.set(org.organization_id, this.orgOrder.length);
    this.orgOrder.push(org.organization_id);
    this.orgBySlug.set(org.organization_slug, org.organization_id);
    if (org.organization_external_id)
      this.orgByExternalId.set(org.organization_external_id, org.organization_id);
    this.membersByOrg.set(org.organization_id, []);
  }

  private addMember(seeded: SeedMember): void {
    const { totp_secret: totpSecret, recovery_codes: recoveryCodes, ...member } = seeded;
    if (typeof member?.member_id !== "string" || typeof member.email_address !== "string") {
      throw new StytchApiError(400, "bad_request", "Every seeded member needs member_id and email_address.");
    }
    const orgMembers = this.membersByOrg.get(member.organization_id);
    if (!orgMembers) {
      throw new StytchApiError(
        400,
        "bad_request",
        `Member ${member.member_id} names an unknown organization.`,
      );
    }
    if (this.members.has(member.member_id)) {
      throw new StytchApiError(400, "bad_request", `Duplicate member ${member.member_id}.`);
    }
    const codes = recoveryCodes ?? [];
    this.members.set(member.member_id, {
      member,
      totpSecret,
      recoveryCodes: [...codes],
      allRecoveryCodes: [...codes],
    });
    orgMembers.push(member.member_id);
    const email = lower(member.email_address);
    const byEmail = this.membersByEmail.get(email) ?? [];
    byEmail.push(member.member_id);
    this.membersByEmail.set(email, byEmail);
    if (member.external_id) {
      this.memberByExternalId.set(`${member.organization_id}\n${member.external_id}`, member.member_id);
    }
  }

  /** `organization_id` may be an id, a slug or an external id, as Stytch allows. */
  resolveOrganization(idOrSlug: string): Organization | undefined {
    const id = this.organizations.has(idOrSlug)
      ? idOrSlug
      : (this.orgBySlug.get(idOrSlug) ?? this.orgByExternalId.get(idOrSlug));
    return id === undefined ? undefined : this.organizations.get(id);
  }

  orderedOrganizations(): Organization[] {
    return this.orgOrder.map((id) => this.organizations.get(id) as Organization);
  }

  /** Organizations by id in seed order (unknown ids skipped): the index path of organizations.search. */
  organizationsByIds(ids: Iterable<string>): Organization[] {
    const positions: number[] = [];
    for (const id of new Set(ids)) {
      const position = this.orgPosition.get(id);
      if (position !== undefined) positions.push(position);
    }
    return positions
      .sort((a, b) => a - b)
      .map((i) => this.organizations.get(this.orgOrder[i]) as Organization);
  }

  membersOfOrganization(organizationId: string): MemberRecord[] {
    return (this.membersByOrg.get(organizationId) ?? []).map((id) => this.members.get(id) as MemberRecord);
  }

  /** All member records of one person (persons are linked by email address across organizations). */
  membersOfPerson(email: string): MemberRecord[] {
    return (this.membersByEmail.get(lower(email)) ?? []).map((id) => this.members.get(id) as MemberRecord);
  }

  /** The person's non-deleted member in an organization, if any. */
  memberOfPersonIn(email: string, organizationId: string): MemberRecord | undefined {
    return this.membersOfPerson(email).find(
      (r) => r.member.organization_id === organizationId && r.member.status !== "deleted",
    );
  }

  /** A member of an organization by member id or external id. */
  memberInOrganization(organizationId: string, memberIdOrExternalId: string): MemberRecord | undefined {
    const record =
      this.members.get(memberIdOrExternalId) ??
      this.members.get(this.memberByExternalId.get(`${organizationId}\n${memberIdOrExternalId}`) ?? "");
    return record && record.member.organization_id === organizationId ? record : undefined;
  }

  /** The SSO connection with this id among the organizations' active connections, and its organization. */
  ssoConnection(
    connectionId: string,
  ): { organization: Organization; connection: ActiveSSOConnection } | undefined {
    for (const organization of this.orderedOrganizations()) {
      const connection = organization.sso_active_connections.find((c) => c.connection_id === connectionId);
      if (connection) return { organization, connection };
    }
    return undefined;
  }

  requireOrganization(id: string): Organization {
    const org = this.organizations.get(id);
    if (!org) throw new StytchApiError(404, "organization_not_found", "Organization could not be found.");
    return org;
  }

  requireMember(id: string): MemberRecord {
    const record = this.members.get(id);
    if (!record) throw new StytchApiError(404, "member_not_found", "Member could not be found.");
    return record;
  }
}
