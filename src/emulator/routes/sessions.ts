import { MINUTE_MS } from "../clock";
import { errors, StytchApiError } from "../errors";
import {
  mintSessionJwt,
  revokeSession,
  sessionById,
  sessionByJwt,
  sessionByToken,
  sessionRoles,
  toMemberSession,
} from "../sessions";
import type { SessionRecord } from "../store";
import { customClaims, mergeClaims, oneSessionArgument, optionalString, sessionDuration } from "../validate";
import type { EmulatorContext } from "../context";
import type { Handler } from "./route";

// POST /v1/b2b/sessions/authenticate. An exp-expired JWT of a live session is accepted and a fresh JWT
// returned; session_duration_minutes extends the session from now.
export const authenticateSession: Handler = (ctx, { body }) => {
  const arg = oneSessionArgument(body, ["session_token", "session_jwt"] as const);
  const durationMinutes = sessionDuration(body);
  const claims = customClaims(body);
  const session =
    arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
  const now = ctx.clock();
  session.lastAccessedAt = now;
  if (durationMinutes !== undefined) session.expiresAt = now + durationMinutes * MINUTE_MS;
  session.customClaims = mergeClaims(session.customClaims, claims);
  const verdict =
    body.authorization_check === undefined ? undefined : authorize(ctx, session, body.authorization_check);
  return {
    member_session: toMemberSession(ctx, session),
    session_token: session.token,
    session_jwt: mintSessionJwt(ctx, session),
    member: ctx.store.requireMember(session.memberId).member,
    organization: ctx.store.requireOrganization(session.organizationId),
    ...(verdict ? { verdict } : {}),
  };
};

/**
 * A small RBAC check for `authorization_check`: stytch_admin may do anything; otherwise a custom role of the
 * organization must grant the action (or "*") on the resource.
 */
function authorize(ctx: EmulatorContext, session: SessionRecord, check: unknown) {
  const { organization_id, resource_id, action } = (check ?? {}) as Record<string, unknown>;
  if (typeof organization_id !== "string" || typeof resource_id !== "string" || typeof action !== "string") {
    throw errors.badRequest("authorization_check needs organization_id, resource_id and action.");
  }
  const org = ctx.store.requireOrganization(session.organizationId);
  if (ctx.store.resolveOrganization(organization_id)?.organization_id !== org.organization_id) {
    throw new StytchApiError(
      403,
      "session_authorization_tenancy_error",
      "The session does not belong to the organization of the authorization check.",
    );
  }
  const granting = sessionRoles(ctx, session).filter(
    (roleId) =>
      roleId === "stytch_admin" ||
      org.custom_roles.some(
        (role) =>
          role.role_id === roleId &&
          role.permissions.some(
            (p) => p.resource_id === resource_id && (p.actions.includes(action) || p.actions.includes("*")),
          ),
      ),
  );
  if (granting.length === 0) {
    throw new StytchApiError(
      403,
      "session_authorization_error",
      "The session is not authorized for this action.",
    );
  }
  return { authorized: true, granting_roles: granting };
}

// POST /v1/b2b/sessions/revoke: exactly one of member_session_id, session_token, session_jwt, member_id.
export const revokeSessions: Handler = (ctx, { body }) => {
  const names = ["member_session_id", "session_token", "session_jwt", "member_id"];
  const given = names.filter((n) => optionalString(body, n) !== undefined);
  if (given.length === 0) {
    throw new StytchApiError(400, "no_session_revoke_arguments", `One of ${names.join(", ")} is required.`);
  }
  if (given.length > 1) {
    throw new StytchApiError(
      400,
      "too_many_session_revoke_arguments",
      `Only one of ${names.join(", ")} may be given.`,
    );
  }
  const value = optionalString(body, given[0]) as string;
  switch (given[0]) {
    case "member_session_id":
      revokeSession(ctx, sessionById(ctx, value));
      break;
    case "session_token":
      revokeSession(ctx, sessionByToken(ctx, value));
      break;
    case "session_jwt":
      revokeSession(ctx, sessionByJwt(ctx, value));
      break;
    default: {
      ctx.store.requireMember(value);
      for (const session of [...ctx.store.sessionsById.values()]) {
        if (session.memberId === value) revokeSession(ctx, session);
      }
    }
  }
  return {};
};

// GET /v1/b2b/sessions/jwks/{project_id}: served without Basic auth (jose fetches it without credentials).
export const getJwks: Handler = (ctx, { params }) => {
  if (params.project_id !== ctx.projectId) {
    throw new StytchApiError(404, "project_not_found", "Project could not be found.");
  }
  return { keys: [ctx.key.jwk] };
};
