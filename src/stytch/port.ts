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
  /** One Stytch search call; the answer is in Stytch's order and omits unknown ids. */
  searchOrganizations(organizationIds: readonly string[]): Promise<Organization[]>;
  /** One Stytch search call; the answer is in Stytch's order and omits unknown members. */
  searchMembers(keys: readonly MemberKey[]): Promise<MemberSearchResult>;
}

/** A port that can be bound to one HTTP request (its budget, its log line): what the server is given. */
export interface RequestBoundPort extends StytchPort {
  forRequest(scope: RequestScope): StytchPort;
}
