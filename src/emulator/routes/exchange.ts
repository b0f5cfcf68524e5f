import type { EmulatorContext } from "../context";
import { deviceFor } from "../device";
import { errors } from "../errors";
import { decideAccess } from "../policy";
import { sessionByJwt, sessionByToken } from "../sessions";
import type { SessionRecord } from "../store";
import {
  type Body,
  customClaims,
  locale,
  oneSessionArgument,
  optionalString,
  requiredString,
  sessionDuration,
} from "../validate";
import { outcomeFields } from "./outcome";
import type { Handler } from "./route";

// POST /v1/b2b/sessions/exchange: move the caller's session into another organization of the same person.
// HTTP 200 for all three outcomes; step-required answers carry "" tokens, a null member_session and an IST.
export const exchangeSession: Handler = (ctx, { body }) => {
  const request = parseExchangeRequest(body);
  const source = sourceSession(ctx, request.session);
  const { org, target } = resolveTarget(ctx, source, request.organizationId);
  const decision = decideAccess(org, target, source.factors, target.member.member_id === source.memberId);
  return {
    member_id: target.member.member_id,
    member: target.member,
    organization: org,
    ...(request.telemetryId ? { member_device: deviceFor(request.telemetryId, ctx.clock()) } : {}),
    ...outcomeFields(ctx, { org, target, decision, request }),
  };
};

type ExchangeRequest = ReturnType<typeof parseExchangeRequest>;

/** Checked in this order and the first failure wins: the order decides which error a bad request gets. */
function parseExchangeRequest(body: Body) {
  return {
    organizationId: requiredString(body, "organization_id"),
    session: oneSessionArgument(body, ["session_token", "session_jwt"] as const),
    durationMinutes: sessionDuration(body),
    claims: customClaims(body),
    smsLocale: locale(body),
    telemetryId: optionalString(body, "telemetry_id"),
  };
}

function sourceSession(ctx: EmulatorContext, arg: ExchangeRequest["session"]): SessionRecord {
  return arg.name === "session_token" ? sessionByToken(ctx, arg.value) : sessionByJwt(ctx, arg.value);
}

/** The organization asked for, and the same person's member in it (matched by email address). */
function resolveTarget(ctx: EmulatorContext, source: SessionRecord, organizationId: string) {
  const org = ctx.store.resolveOrganization(organizationId);
  if (!org) throw errors.organizationNotFound();
  const sourceMember = ctx.store.requireMember(source.memberId).member;
  const target = ctx.store.memberOfPersonIn(sourceMember.email_address, org.organization_id);
  if (!target) throw errors.memberNotFound();
  return { org, target };
}
