import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { JsonObject, MemberSession } from "../stytch/types";
import { toMemberSession } from "../stytch/mapping/session";
import { VerifiedJwtCache } from "./verified-jwt-cache";

const SESSION_CLAIM = "https://stytch.com/session";
const ORGANIZATION_CLAIM = "https://stytch.com/organization";
const REGISTERED_CLAIMS = new Set(["aud", "exp", "iat", "iss", "jti", "nbf", "sub"]);

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
    const known = this.verified.get(jwt);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, this.keySet, {
        audience: this.options.projectId,
        issuer: this.issuers,
        typ: "JWT",
        algorithms: ["RS256"],
        currentDate: new Date(this.now()),
      }));
    } catch {
      return null;
    }
    const session = sessionFromClaims(payload);
    // A JWT outlives nothing: once the session itself has ended, it proves nothing either.
    if (!session || session.expiresAt.getTime() <= this.now() || payload.exp === undefined) return null;
    this.verified.set(jwt, session, payload.exp * 1000);
    return session;
  }
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
