import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import type { MemberKey } from "../stytch/port";
import type { JsonObject, MemberSession } from "../stytch/types";
import { toMemberSession } from "../stytch/mapping/session";
import { VerifiedJwtCache } from "./verified-jwt-cache";

const SESSION_CLAIM = "https://stytch.com/session";
const ORGANIZATION_CLAIM = "https://stytch.com/organization";
const REGISTERED_CLAIMS = new Set(["aud", "exp", "iat", "iss", "jti", "nbf", "sub"]);

/**
 * What a JWT proves. Only `expired` (signed by Stytch, for this project, sole fault its `exp`) is worth asking
 * Stytch about: the session may well be alive and Stytch then mints a fresh JWT. A forged, foreign or malformed
 * JWT is `invalid` and costs no Stytch call.
 */
export type JwtVerdict =
  | { kind: "valid"; session: MemberSession }
  | { kind: "expired"; sessionId: string | null; member: MemberKey | null }
  | { kind: "invalid" };

export interface JwtVerifierOptions {
  projectId: string;
  /** Stytch API origin; the JWKS lives at /v1/b2b/sessions/jwks/{project_id}. */
  baseUrl: string;
  /**
   * Memory for verified JWTs and their sessions, in bytes: default 16 MB (~4,000 Stytch JWTs without custom
   * claims); 0 verifies every time.
   */
  cacheBytes?: number;
  now?: () => number;
}

/**
 * Verifies Stytch session JWTs locally, as the SDK's authenticateJwtLocal does: the key set is fetched once,
 * cached, and fetched again only for an unknown key id, so a valid JWT costs no Stytch call.
 */
export class SessionJwtVerifier {
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuers: string[];
  private readonly verified: VerifiedJwtCache;
  private readonly now: () => number;

  constructor(private readonly options: JwtVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.verified = new VerifiedJwtCache(options.cacheBytes ?? 16 * 1024 * 1024, this.now);
    const jwksUrl = new URL(
      `/v1/b2b/sessions/jwks/${encodeURIComponent(options.projectId)}`,
      options.baseUrl,
    );
    this.keySet = createRemoteJWKSet(jwksUrl, {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      // A cold cache during a Stytch outage must not hold viewer for jose's default 5 s.
      timeoutDuration: 1_000,
    });
    this.issuers = [`stytch.com/${options.projectId}`, options.baseUrl.replace(/\/$/, "")];
  }

  /** The session the JWT proves, or null when it is not (or no longer) a valid Stytch session JWT. */
  async verify(jwt: string): Promise<MemberSession | null> {
    const verdict = await this.check(jwt);
    return verdict.kind === "valid" ? verdict.session : null;
  }

  async check(jwt: string): Promise<JwtVerdict> {
    const known = this.verified.get(jwt);
    if (known) return { kind: "valid", session: known };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, this.keySet, {
        audience: this.options.projectId,
        issuer: this.issuers,
        typ: "JWT",
        algorithms: ["RS256"],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      // jose checks the signature, then issuer and audience, then the times: `exp` failing means all else held.
      if (error instanceof errors.JWTExpired && error.claim === "exp")
        return { kind: "expired", ...namedIn(error.payload) };
      return { kind: "invalid" };
    }
    const session = sessionFromClaims(payload);
    if (!session || payload.exp === undefined) return { kind: "invalid" };
    // A JWT outlives nothing: once the session itself has ended, it proves nothing either.
    if (session.expiresAt.getTime() <= this.now()) return { kind: "expired", ...namedIn(payload) };
    this.verified.set(jwt, session, payload.exp * 1000);
    return { kind: "valid", session };
  }
}

/** The session and member an expired JWT names: its signature held, so they are Stytch's word. */
function namedIn(payload: JWTPayload): { sessionId: string | null; member: MemberKey | null } {
  const session = payload[SESSION_CLAIM] as { id?: unknown } | undefined;
  const organization = payload[ORGANIZATION_CLAIM] as { organization_id?: unknown } | undefined;
  const sessionId = typeof session?.id === "string" ? session.id : null;
  const organizationId = organization?.organization_id;
  const member =
    typeof payload.sub === "string" && typeof organizationId === "string"
      ? { organizationId, memberId: payload.sub }
      : null;
  return { sessionId, member };
}

function sessionFromClaims(payload: JWTPayload): MemberSession | null {
  const session = payload[SESSION_CLAIM] as Record<string, unknown> | undefined;
  const organization = payload[ORGANIZATION_CLAIM] as Record<string, unknown> | undefined;
  if (!session || !organization) return null;
  const customClaims: JsonObject = {};
  for (const [name, value] of Object.entries(payload)) {
    if (!REGISTERED_CLAIMS.has(name) && !name.startsWith("https://stytch.com/")) customClaims[name] = value;
  }
  try {
    return toMemberSession({
      member_session_id: session.id,
      member_id: payload.sub,
      organization_id: organization.organization_id,
      organization_slug: organization.slug,
      started_at: session.started_at,
      last_accessed_at: session.last_accessed_at,
      expires_at: session.expires_at,
      roles: session.roles,
      authentication_factors: session.authentication_factors,
      custom_claims: Object.keys(customClaims).length > 0 ? customClaims : null,
    });
  } catch {
    return null;
  }
}
