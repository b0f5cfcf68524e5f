import type {
  AuthenticatedMember,
  AuthenticatePrimaryInput,
  CompleteMfaInput,
  DiscoveryProof,
  DiscoverySignIn,
  EmailProof,
  EnterOrganizationInput,
  ExchangeSessionInput,
  PrimaryProof,
  SendSignInEmailInput,
  MfaFactor,
  RequestBoundPort,
  SendMfaSmsInput,
  MemberKey,
  MemberSearchResult,
  SessionCredential,
  StytchPort,
} from "./port";
import type { RequestScope } from "../request-scope";
import type { DiscoveredOrganization, ExchangeAnswer, MfaRequiredOutcome, Organization } from "./types";
import { StytchHttpTransport, type CallSpec } from "./http-transport";
import { ReadCoalescer } from "./read-coalescer";
import { UpstreamFailure } from "./upstream-failure";
import { toAppError } from "./to-app-error";
import { toDiscoveredOrganizations, toDiscoverySignIn } from "./mapping/discovery";
import { toExchangeAnswer, toIssuedSession } from "./mapping/exchange";
import { toMember } from "./mapping/member";
import { toResentChallenge } from "./mapping/sms";
import { toOrganization } from "./mapping/organization";
import { MalformedAnswer, optionalObject, requireObject } from "./mapping/wire-values";

type Wire = Record<string, unknown>;

/** The StytchPort over Stytch's HTTP API: request shapes in, domain objects or AppErrors out. */
export class StytchAdapter implements RequestBoundPort {
  constructor(
    private readonly transport: StytchHttpTransport,
    private readonly scope?: RequestScope,
    private readonly reads = new ReadCoalescer<Wire>(),
  ) {}

  forRequest(scope: RequestScope): StytchPort {
    return new StytchAdapter(this.transport, scope, this.reads);
  }

  async exchangeSession(input: ExchangeSessionInput): Promise<ExchangeAnswer> {
    const body = await this.call({
      endpoint: "sessions.exchange",
      group: "sessions",
      method: "POST",
      path: "/v1/b2b/sessions/exchange",
      idempotency: "write",
      body: {
        organization_id: input.organizationId,
        [input.credential.kind]: input.credential.value,
        session_duration_minutes: input.sessionDurationMinutes,
        locale: input.locale,
        telemetry_id: input.telemetryId,
      },
    });
    return this.map("sessions.exchange", () => toExchangeAnswer(body, Date.now()));
  }

  async authenticateSession(credential: SessionCredential): Promise<AuthenticatedMember> {
    const body = await this.call({
      endpoint: "sessions.authenticate",
      group: "sessions",
      method: "POST",
      path: "/v1/b2b/sessions/authenticate",
      idempotency: "read",
      body: { [credential.kind]: credential.value },
    });
    return this.map("sessions.authenticate", () => toAuthenticatedMember(body));
  }

  async revokeSession(credential: SessionCredential): Promise<void> {
    await this.call({
      endpoint: "sessions.revoke",
      group: "sessions",
      method: "POST",
      path: "/v1/b2b/sessions/revoke",
      idempotency: "read",
      body: { [credential.kind]: credential.value },
    });
  }

  async discoverOrganizations(credential: SessionCredential): Promise<DiscoveredOrganization[]> {
    const body = await this.call({
      endpoint: "discovery.organizations",
      group: "discovery",
      method: "POST",
      path: "/v1/b2b/discovery/organizations",
      idempotency: "read",
      body: { [credential.kind]: credential.value },
    });
    return this.map("discovery.organizations", () => toDiscoveredOrganizations(body));
  }

  async sendMfaSms(input: SendMfaSmsInput): Promise<MfaRequiredOutcome> {
    const body = await this.call({
      endpoint: "otps.sms.send",
      group: "mfa",
      method: "POST",
      path: "/v1/b2b/otps/sms/send",
      // A repeat would text the member twice and void the first code.
      idempotency: "write",
      body: {
        organization_id: input.organizationId,
        member_id: input.memberId,
        intermediate_session_token: input.intermediateSessionToken,
        locale: input.locale,
      },
    });
    return this.map("otps.sms.send", () =>
      toResentChallenge(body, input.intermediateSessionToken, Date.now()),
    );
  }

  async completeMfa(input: CompleteMfaInput): Promise<AuthenticatedMember> {
    const { endpoint, path, codeField } = MFA_ENDPOINTS[input.factor];
    const body = await this.call({
      endpoint,
      group: "mfa",
      method: "POST",
      path,
      // The intermediate session token is single-use: a repeat after Stytch consumed it would fail anyway.
      idempotency: "write",
      body: {
        organization_id: input.organizationId,
        member_id: input.memberId,
        [codeField]: input.code,
        intermediate_session_token: input.intermediateSessionToken,
        session_duration_minutes: input.sessionDurationMinutes,
      },
    });
    return this.map(endpoint, () => toAuthenticatedMember(body));
  }

  async sendSignInEmail(input: SendSignInEmailInput): Promise<void> {
    const { endpoint, path } =
      SEND_ENDPOINTS[input.organizationId ? "organization" : "discovery"][input.proof];
    const redirect = input.proof === "link" ? input.redirectUrl : undefined;
    await this.call({
      endpoint,
      group: "sessions",
      method: "POST",
      path,
      // A repeat would send a second email and void the first code.
      idempotency: "write",
      body: {
        email_address: input.emailAddress,
        organization_id: input.organizationId,
        locale: input.locale,
        pkce_code_challenge: input.pkceCodeChallenge,
        ...(input.organizationId
          ? { login_redirect_url: redirect, signup_redirect_url: redirect }
          : { discovery_redirect_url: redirect }),
      },
    });
  }

  async authenticateDiscovery(proof: DiscoveryProof): Promise<DiscoverySignIn> {
    const code = proof.kind === "email_code";
    const endpoint = code ? "otps.email.discovery.authenticate" : "magic_links.discovery.authenticate";
    const body = await this.call({
      endpoint,
      group: "sessions",
      method: "POST",
      path: code ? "/v1/b2b/otps/email/discovery/authenticate" : "/v1/b2b/magic_links/discovery/authenticate",
      // Codes and links are single-use: a repeat after Stytch took one would fail anyway.
      idempotency: "write",
      body: code
        ? { email_address: proof.emailAddress, code: proof.code }
        : { discovery_magic_links_token: proof.token, pkce_code_verifier: proof.pkceCodeVerifier },
    });
    return this.map(endpoint, () => toDiscoverySignIn(body, Date.now()));
  }

  async enterOrganization(input: EnterOrganizationInput): Promise<ExchangeAnswer> {
    const endpoint = "discovery.intermediate_sessions.exchange";
    const body = await this.call({
      endpoint,
      group: "sessions",
      method: "POST",
      path: "/v1/b2b/discovery/intermediate_sessions/exchange",
      // Mints a session and may text an MFA code, like sessions.exchange.
      idempotency: "write",
      body: {
        intermediate_session_token: input.intermediateSessionToken,
        organization_id: input.organizationId,
        session_duration_minutes: input.sessionDurationMinutes,
        locale: input.locale,
      },
    });
    return this.map(endpoint, () => toExchangeAnswer(body, Date.now()));
  }

  async authenticatePrimary(input: AuthenticatePrimaryInput): Promise<ExchangeAnswer> {
    const { endpoint, path, fields } = primaryEndpoint(input.proof);
    const body = await this.call({
      endpoint,
      group: "sessions",
      method: "POST",
      path,
      // Single-use codes and tokens; it mints a session and may text an MFA code.
      idempotency: "write",
      body: {
        ...fields,
        intermediate_session_token: input.intermediateSessionToken,
        session_duration_minutes: input.sessionDurationMinutes,
        locale: input.locale,
      },
    });
    return this.map(endpoint, () => toExchangeAnswer(body, Date.now()));
  }

  async searchOrganizations(organizationIds: readonly string[]): Promise<Organization[]> {
    const body = await this.call({
      endpoint: "organizations.search",
      group: "search",
      method: "POST",
      path: "/v1/b2b/organizations/search",
      idempotency: "read",
      body: {
        limit: organizationIds.length,
        query: {
          operator: "AND",
          operands: [{ filter_name: "organization_ids", filter_value: organizationIds }],
        },
      },
    });
    return this.map("organizations.search", () => listOf(body.organizations, toOrganization));
  }

  async searchMembers(keys: readonly MemberKey[]): Promise<MemberSearchResult> {
    const organizationIds = [...new Set(keys.map((key) => key.organizationId))];
    const memberIds = [...new Set(keys.map((key) => key.memberId))];
    const body = await this.call({
      endpoint: "members.search",
      group: "search",
      method: "POST",
      path: "/v1/b2b/organizations/members/search",
      idempotency: "read",
      body: {
        organization_ids: organizationIds,
        limit: memberIds.length,
        query: { operator: "AND", operands: [{ filter_name: "member_ids", filter_value: memberIds }] },
      },
    });
    return this.map("members.search", () => ({
      members: listOf(body.members, toMember),
      organizations: Object.values(optionalObject(body.organizations) ?? {}).map(toOrganization),
    }));
  }

  /**
   * Reads are shared with identical ones in flight: every request has the same budget, so one that joins later
   * never waits past its own deadline.
   */
  private async call(spec: CallSpec): Promise<Wire> {
    const send = () => this.transport.call<Wire>(spec, this.scope);
    try {
      if (spec.idempotency === "write") return await send();
      return await this.reads.run(`${spec.method} ${spec.path} ${JSON.stringify(spec.body)}`, send);
    } catch (error) {
      throw error instanceof UpstreamFailure ? toAppError(error) : error;
    }
  }

  /** A 2xx answer that does not hold what Stytch promises is an unavailable upstream, not a crash. */
  private map<T>(endpoint: string, mapping: () => T): T {
    try {
      return mapping();
    } catch (error) {
      if (error instanceof MalformedAnswer) {
        throw toAppError(new UpstreamFailure("bad_response", { endpoint }));
      }
      throw error;
    }
  }
}

const MFA_ENDPOINTS: Record<MfaFactor, { endpoint: string; path: string; codeField: string }> = {
  sms_otp: { endpoint: "otps.sms.authenticate", path: "/v1/b2b/otps/sms/authenticate", codeField: "code" },
  totp: { endpoint: "totps.authenticate", path: "/v1/b2b/totp/authenticate", codeField: "code" },
  recovery_code: {
    endpoint: "recovery_codes.recover",
    path: "/v1/b2b/recovery_codes/recover",
    codeField: "recovery_code",
  },
};

const SEND_ENDPOINTS: Record<
  "discovery" | "organization",
  Record<EmailProof, { endpoint: string; path: string }>
> = {
  discovery: {
    code: { endpoint: "otps.email.discovery.send", path: "/v1/b2b/otps/email/discovery/send" },
    link: { endpoint: "magic_links.email.discovery.send", path: "/v1/b2b/magic_links/email/discovery/send" },
  },
  organization: {
    code: { endpoint: "otps.email.login_or_signup", path: "/v1/b2b/otps/email/login_or_signup" },
    link: {
      endpoint: "magic_links.email.login_or_signup",
      path: "/v1/b2b/magic_links/email/login_or_signup",
    },
  },
};

/** The Stytch route that checks each kind of primary proof, and the fields it takes. */
function primaryEndpoint(proof: PrimaryProof): { endpoint: string; path: string; fields: Wire } {
  switch (proof.kind) {
    case "email_code":
      return {
        endpoint: "otps.email.authenticate",
        path: "/v1/b2b/otps/email/authenticate",
        fields: {
          organization_id: proof.organizationId,
          email_address: proof.emailAddress,
          code: proof.code,
        },
      };
    case "magic_link":
      return {
        endpoint: "magic_links.authenticate",
        path: "/v1/b2b/magic_links/authenticate",
        fields: { magic_links_token: proof.token, pkce_code_verifier: proof.pkceCodeVerifier },
      };
    case "sso":
      return {
        endpoint: "sso.authenticate",
        path: "/v1/b2b/sso/authenticate",
        fields: { sso_token: proof.token, pkce_code_verifier: proof.pkceCodeVerifier },
      };
  }
}

function toAuthenticatedMember(body: Wire): AuthenticatedMember {
  return {
    stytchRequestId: typeof body.request_id === "string" ? body.request_id : "",
    ...toIssuedSession(body),
    member: toMember(body.member),
    organization: toOrganization(body.organization),
  };
}

function listOf<T>(value: unknown, map: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new MalformedAnswer("expected a list");
  return value.map((item) => map(requireObject(item, "list item")));
}
