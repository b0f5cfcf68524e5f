import type { RequestScope } from "../request-scope";
import type {
  DiscoveredOrganization,
  ExchangeAnswer,
  IssuedSession,
  Member,
  MfaRequiredOutcome,
  Organization,
} from "./types";

/** How the caller proved its session: an opaque session token or a session JWT (three dot-separated parts). */
export interface SessionCredential {
  kind: "session_token" | "session_jwt";
  value: string;
}

export interface ExchangeSessionInput {
  credential: SessionCredential;
  /** An organization id, slug or external id: Stytch accepts all three. */
  organizationId: string;
  /** Decided by the server (never above its configured maximum). Custom claims are never sent: no client picks them. */
  sessionDurationMinutes: number;
  locale?: string;
  telemetryId?: string;
}

export interface AuthenticatedMember extends IssuedSession {
  stytchRequestId: string;
  member: Member;
  organization: Organization;
}

export type MfaFactor = "sms_otp" | "totp" | "recovery_code";

export interface SendMfaSmsInput {
  organizationId: string;
  memberId: string;
  /** The pending step's token; without it Stytch needs a session of the member (not offered here). */
  intermediateSessionToken: string;
  locale?: string;
}

export interface CompleteMfaInput {
  factor: MfaFactor;
  organizationId: string;
  memberId: string;
  code: string;
  intermediateSessionToken: string;
  sessionDurationMinutes: number;
}

/** How an email proves its address: a code to type, or a link to follow (a magic link). */
export type EmailProof = "code" | "link";

export interface SendSignInEmailInput {
  emailAddress: string;
  proof: EmailProof;
  /** Absent: discovery (every organization the address can enter). Present: sign-in into that organization. */
  organizationId?: string;
  /** Where a link leads (the frontend's page that hands its token to this API); required for links. */
  redirectUrl?: string;
  /** Binds a link to the browser holding the matching verifier (PKCE, S256). */
  pkceCodeChallenge?: string;
  locale?: string;
}

/** What proves the person: an email code, a magic link's token, or the token an SSO sign-in came back with. */
export type PrimaryProof =
  | { kind: "email_code"; organizationId: string; emailAddress: string; code: string }
  | { kind: "magic_link"; token: string; pkceCodeVerifier?: string }
  | { kind: "sso"; token: string; pkceCodeVerifier?: string };

export interface AuthenticatePrimaryInput {
  proof: PrimaryProof;
  /** The pending step this completes (PrimaryAuthRequired, or a discovery sign-in of the same person). */
  intermediateSessionToken?: string;
  sessionDurationMinutes: number;
  locale?: string;
}

/** Discovery by email: who proved their address, and what they can enter. */
export interface DiscoverySignIn {
  emailAddress: string;
  intermediateSessionToken: string;
  intermediateSessionExpiresAt: Date;
  organizations: DiscoveredOrganization[];
}

export interface EnterOrganizationInput {
  intermediateSessionToken: string;
  /** An organization id, slug or external id. */
  organizationId: string;
  sessionDurationMinutes: number;
  locale?: string;
}

export type DiscoveryProof =
  | { kind: "email_code"; emailAddress: string; code: string }
  | { kind: "magic_link"; token: string; pkceCodeVerifier?: string };

/** A member is addressed by its organization and its id: Stytch's member lookups need both. */
export interface MemberKey {
  organizationId: string;
  memberId: string;
}

export interface MemberSearchResult {
  members: Member[];
  /** The organizations of the members found, which Stytch sends along. */
  organizations: Organization[];
}

/**
 * Everything the BFF asks of Stytch, in domain terms. Resolvers and loaders depend on this, never on HTTP,
 * the SDK or snake_case. Implementations throw AppErrors (src/errors) for every failure.
 */
export interface StytchPort {
  exchangeSession(input: ExchangeSessionInput): Promise<ExchangeAnswer>;
  authenticateSession(credential: SessionCredential): Promise<AuthenticatedMember>;
  revokeSession(credential: SessionCredential): Promise<void>;
  /** The organizations the session's person can switch into, with what an exchange would answer (never sends an SMS). */
  discoverOrganizations(credential: SessionCredential): Promise<DiscoveredOrganization[]>;
  /**
   * Sends (or re-sends) an SMS code for a pending MFA step; a new code invalidates the previous one. Answers
   * with the step's challenge, as an exchange would have.
   */
  sendMfaSms(input: SendMfaSmsInput): Promise<MfaRequiredOutcome>;
  /** Passes a pending MFA step, consuming the intermediate session token. */
  completeMfa(input: CompleteMfaInput): Promise<AuthenticatedMember>;
  /** Emails a sign-in code or link. Stytch answers alike whether or not the address has an account. */
  sendSignInEmail(input: SendSignInEmailInput): Promise<void>;
  /** Discovery: an email code or a discovery link's token → an intermediate session and the organizations. */
  authenticateDiscovery(proof: DiscoveryProof): Promise<DiscoverySignIn>;
  /** Enters one organization with a discovery sign-in's intermediate session: the exchange's three outcomes. */
  enterOrganization(input: EnterOrganizationInput): Promise<ExchangeAnswer>;
  /** Primary authentication into an organization (email code, magic link, SSO): the exchange's outcomes. */
  authenticatePrimary(input: AuthenticatePrimaryInput): Promise<ExchangeAnswer>;
  /** One Stytch search call; the answer is in Stytch's order and omits unknown ids. */
  searchOrganizations(organizationIds: readonly string[]): Promise<Organization[]>;
  /** One Stytch search call; the answer is in Stytch's order and omits unknown members. */
  searchMembers(keys: readonly MemberKey[]): Promise<MemberSearchResult>;
}

/** A port that can be bound to one HTTP request (its budget, its log line): what the server is given. */
export interface RequestBoundPort extends StytchPort {
  forRequest(scope: RequestScope): StytchPort;
}
