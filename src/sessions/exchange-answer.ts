import type { RequestContext } from "../context";
import type { ExchangeAnswer } from "../stytch/types";

/**
 * Runs a call with the exchange's outcomes, which makes Stytch text the member when the organization demands
 * MFA, within the SMS limits (see AbuseGuard.beforeExchange): `caller` is whose limits they are.
 */
export async function withinSmsLimits(
  ctx: RequestContext,
  caller: string,
  organization: string,
  call: () => Promise<ExchangeAnswer>,
): Promise<ExchangeAnswer> {
  const organizationId = await ctx.knownCredentials.organizationId(organization);
  const ticket = await ctx.guard.beforeExchange(caller, organizationId, ctx.clientAddress);
  let answer: ExchangeAnswer;
  try {
    answer = await call();
  } catch (error) {
    await ticket.settle("failed");
    throw error;
  }
  const member = { organizationId: answer.organization.id, memberId: answer.member.id };
  await ticket.settle(
    answer.kind === "mfa_required" && answer.smsCodeSent
      ? { step: answer.intermediateSessionToken, member }
      : "quiet",
    answer.organization.id,
  );
  return answer;
}

/**
 * What every answer with the exchange's three outcomes leaves behind (a switch, entering an organization from
 * a sign-in, a primary authentication): the request's loaders and the snapshots learn it, the organization's
 * spellings map to its id, and a browser's cookies follow it: a new session, or the pending step's token.
 */
export async function acceptExchangeAnswer(
  ctx: RequestContext,
  answer: ExchangeAnswer,
): Promise<ExchangeAnswer> {
  ctx.loaders.learn(answer);
  await ctx.knownCredentials.rememberOrganization(answer.organization);
  ctx.record.outcome = answer.kind;
  if (answer.kind === "authenticated") {
    ctx.caller.rememberSession(answer);
    ctx.caller.forgetIntermediateSession();
    await ctx.knownCredentials.rememberToken(answer.sessionToken, answer.session);
  } else {
    const endsAt = answer.intermediateSessionExpiresAt;
    const member = { organizationId: answer.organization.id, memberId: answer.member.id };
    ctx.caller.rememberIntermediateSession(answer.intermediateSessionToken, endsAt);
    await ctx.knownCredentials.rememberStep(answer.intermediateSessionToken, { member, endsAt });
  }
  return answer;
}
