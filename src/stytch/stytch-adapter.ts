import type {
  AuthenticatedMember,
  ExchangeSessionInput,
  MemberKey,
  MemberSearchResult,
  SessionCredential,
  StytchPort,
} from "./port";
import type { ExchangeOutcome, Organization } from "./types";
import { StytchHttpTransport, type CallSpec } from "./http-transport";
import { UpstreamFailure } from "./upstream-failure";
import { toAppError } from "./to-app-error";
import { toExchangeOutcome, toIssuedSession } from "./mapping/exchange";
import { toMember } from "./mapping/member";
import { toOrganization } from "./mapping/organization";
import { MalformedAnswer, optionalObject, requireObject } from "./mapping/wire-values";

type Wire = Record<string, unknown>;

/** The StytchPort over Stytch's HTTP API: request shapes in, domain objects or AppErrors out. */
export class StytchAdapter implements StytchPort {
  constructor(private readonly transport: StytchHttpTransport) {}

  async exchangeSession(input: ExchangeSessionInput): Promise<ExchangeOutcome> {
    const body = await this.call({
      endpoint: "sessions.exchange",
      method: "POST",
      path: "/v1/b2b/sessions/exchange",
      idempotency: "write",
      body: {
        organization_id: input.organizationId,
        [input.credential.kind]: input.credential.value,
        session_duration_minutes: input.sessionDurationMinutes,
        locale: input.locale,
        telemetry_id: input.telemetryId,
        session_custom_claims: input.customClaims,
      },
    });
    return this.map("sessions.exchange", () => toExchangeOutcome(body, Date.now()));
  }

  async authenticateSession(credential: SessionCredential): Promise<AuthenticatedMember> {
    const body = await this.call({
      endpoint: "sessions.authenticate",
      method: "POST",
      path: "/v1/b2b/sessions/authenticate",
      idempotency: "read",
      body: { [credential.kind]: credential.value },
    });
    return this.map("sessions.authenticate", () => ({
      ...toIssuedSession(body),
      member: toMember(body.member),
      organization: toOrganization(body.organization),
    }));
  }

  async revokeSession(credential: SessionCredential): Promise<void> {
    await this.call({
      endpoint: "sessions.revoke",
      method: "POST",
      path: "/v1/b2b/sessions/revoke",
      idempotency: "read",
      body: { [credential.kind]: credential.value },
    });
  }

  async searchOrganizations(organizationIds: readonly string[]): Promise<Organization[]> {
    const body = await this.call({
      endpoint: "organizations.search",
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

  private async call(spec: CallSpec): Promise<Wire> {
    try {
      return await this.transport.call<Wire>(spec);
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

function listOf<T>(value: unknown, map: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new MalformedAnswer("expected a list");
  return value.map((item) => map(requireObject(item, "list item")));
}
