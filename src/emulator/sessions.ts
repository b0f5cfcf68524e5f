import { MINUTE_MS, rfc3339 } from "./clock";
import type { EmulatorContext } from "./context";
import { errors } from "./errors";
import { withFactor } from "./factors";
import { randomToken, testId } from "./ids";
import { signJwt, verifyJwt } from "./jwt";
import type { SessionRecord } from "./store";
import type { AuthenticationFactor, JsonObject, MemberSession } from "./types";
import { mergeClaims } from "./validate";

// Member sessions as Stytch issues them: an opaque token plus short-lived RS256 JWTs minted on demand.

export const JWT_LIFETIME_SECONDS = 300;
export const DEFAULT_SESSION_MINUTES = 60;
const SESSION_CLAIM = "https://stytch.com/session";
const ORGANIZATION_CLAIM = "https://stytch.com/organization";

export function createSession(
  ctx: EmulatorContext,
  opts: {
    memberId: string;
    factors: AuthenticationFactor[];
    durationMinutes?: number;
    customClaims?: JsonObject;
    token?: string;
    id?: string;
  },
): SessionRecord {
  const member = ctx.store.requireMember(opts.memberId).member;
  const now = ctx.clock();
  const record: SessionRecord = {
    id: opts.id ?? testId("member-session"),
    token: opts.token ?? randomToken(),
    memberId: member.member_id,
    organizationId: member.organization_id,
    startedAt: now,
    lastAccessedAt: now,
    expiresAt: now + (opts.durationMinutes ?? DEFAULT_SESSION_MINUTES) * MINUTE_MS,
    factors: opts.factors,
    customClaims: opts.customClaims ?? {},
  };
  ctx.store.sessionsById.set(record.id, record);
  ctx.store.sessionsByToken.set(record.token, record);
  return record;
}

/**
 * Step-up: a factor proven while holding this session is added to it (replacing an older factor of the
 * same kind); the session keeps its token, `session_duration_minutes` extends it from now, and custom
 * claims merge (a null value deletes a key).
 */
export function addFactorToSession(
  ctx: EmulatorContext,
  session: SessionRecord,
  factor: AuthenticationFactor,
  request: { durationMinutes: number | undefined; claims: JsonObject | undefined },
): SessionRecord {
  const now = ctx.clock();
  session.factors = withFactor(session.factors, factor);
  session.lastAccessedAt = now;
  if (request.durationMinutes !== undefined) session.expiresAt = now + request.durationMinutes * MINUTE_MS;
  session.customClaims = mergeClaims(session.customClaims, request.claims);
  return session;
}

export function revokeSession(ctx: EmulatorContext, record: SessionRecord): void {
  ctx.store.sessionsById.delete(record.id);
  ctx.store.sessionsByToken.delete(record.token);
}

/** A session is gone once revoked or expired; expired ones are dropped lazily here. */
function live(ctx: EmulatorContext, record: SessionRecord | undefined): SessionRecord {
  if (!record) throw errors.sessionNotFound();
  if (record.expiresAt <= ctx.clock()) {
    revokeSession(ctx, record);
    throw errors.sessionNotFound();
  }
  return record;
}

export function sessionByToken(ctx: EmulatorContext, token: string): SessionRecord {
  return live(ctx, ctx.store.sessionsByToken.get(token));
}

/** A JWT is only as good as its session: a valid signature on a revoked or expired session is refused. */
export function sessionByJwt(ctx: EmulatorContext, jwt: string): SessionRecord {
  const payload = verifyJwt(ctx.key, jwt, ctx.projectId);
  const claim = payload[SESSION_CLAIM] as { id?: unknown } | undefined;
  if (typeof claim?.id !== "string") throw errors.sessionNotFound();
  return live(ctx, ctx.store.sessionsById.get(claim.id));
}

export function sessionById(ctx: EmulatorContext, id: string): SessionRecord {
  return live(ctx, ctx.store.sessionsById.get(id));
}

/**
 * Roles that count for this session: the member's roles, except SSO-derived ones, which only apply when the
 * session carries a factor from that SSO connection (so member.roles can differ from member_session.roles).
 */
export function sessionRoles(ctx: EmulatorContext, record: SessionRecord): string[] {
  const member = ctx.store.requireMember(record.memberId).member;
  const ssoConnections = new Set(
    record.factors
      .map((f) => (f.saml_sso_factor ?? f.oidc_sso_factor) as { provider_id?: string } | undefined)
      .map((sub) => sub?.provider_id)
      .filter((id): id is string => typeof id === "string"),
  );
  return member.roles
    .filter((role) =>
      role.sources.some((source) => {
        if (source.type !== "sso_connection" && source.type !== "sso_connection_group") return true;
        return ssoConnections.has(String(source.details?.connection_id ?? ""));
      }),
    )
    .map((role) => role.role_id);
}

export function toMemberSession(ctx: EmulatorContext, record: SessionRecord): MemberSession {
  const org = ctx.store.requireOrganization(record.organizationId);
  return {
    member_session_id: record.id,
    member_id: record.memberId,
    started_at: rfc3339(record.startedAt),
    last_accessed_at: rfc3339(record.lastAccessedAt),
    expires_at: rfc3339(record.expiresAt),
    authentication_factors: record.factors,
    organization_id: record.organizationId,
    roles: sessionRoles(ctx, record),
    organization_slug: org.organization_slug,
    custom_claims: record.customClaims,
  };
}

/** A fresh JWT for the session, valid JWT_LIFETIME_SECONDS from now (independent of the session length). */
export function mintSessionJwt(ctx: EmulatorContext, record: SessionRecord): string {
  const org = ctx.store.requireOrganization(record.organizationId);
  const iat = Math.floor(ctx.clock() / 1000);
  return signJwt(ctx.key, {
    ...record.customClaims,
    sub: record.memberId,
    iss: `stytch.com/${ctx.projectId}`,
    aud: [ctx.projectId],
    iat,
    nbf: iat,
    exp: iat + JWT_LIFETIME_SECONDS,
    [SESSION_CLAIM]: {
      id: record.id,
      started_at: rfc3339(record.startedAt),
      last_accessed_at: rfc3339(record.lastAccessedAt),
      expires_at: rfc3339(record.expiresAt),
      attributes: { ip_address: "", user_agent: "" },
      authentication_factors: record.factors,
      roles: sessionRoles(ctx, record),
    },
    [ORGANIZATION_CLAIM]: { organization_id: org.organization_id, slug: org.organization_slug },
  });
}
