import { newPkcePair } from "../auth/pkce";
import { sessionMinutes } from "../auth/session-length";
import type { RequestContext } from "../context";
import {
  BadUserInputError,
  ForbiddenError,
  SignInProofInvalidError,
  UnauthenticatedError,
} from "../errors/app-errors";
import type { DiscoveryProof, DiscoverySignIn, EmailProof, PrimaryProof } from "../stytch/port";
import type { ExchangeAnswer } from "../stytch/types";
import { hashCredential } from "../throttle/throttle-keys";
import { acceptExchangeAnswer, withinSmsLimits } from "./exchange-answer";
import { pendingStep } from "./mfa";
import {
  validateEmailAddress,
  validateEmailCode,
  validateLocale,
  validateOrganizationReference,
  validateToken,
} from "./requests";
import { forgettingWhenGone } from "./when-gone";

/** Where sign-in links and SSO lead the browser back, and what Stytch's SSO start asks for. */
export interface SignInSettings {
  /** Stytch's API origin, whose /v1/public routes browsers open (the SSO start). */
  publicApiUrl: string;
  /** The project's public token (STYTCH_PUBLIC_TOKEN); null: no SSO start URLs. */
  publicToken: string | null;
  /** The frontend page a sign-in link opens (SIGN_IN_REDIRECT_URL); null: no links. */
  linkRedirectUrl: string | null;
  /** The frontend page SSO returns to (SSO_REDIRECT_URL); null: no SSO start URLs. */
  ssoRedirectUrl: string | null;
}

const NO_SIGN_IN = "No sign-in in progress: sign in again.";
/** Stytch's default lifetime of a sign-in link, and of an SSO start. */
const LINK_LIFETIME_MS = 60 * 60_000;
export const SSO_START_LIFETIME_MS = 10 * 60_000;

export interface SignInEmailRequest {
  emailAddress: string;
  proof: EmailProof;
  /** Absent: a discovery sign-in. Present: sign-in into that organization (finishing PrimaryAuthRequired). */
  organization?: string | null;
  locale?: string | null;
}

/**
 * Emails a sign-in code or link, within the email limits. Answers alike whether or not the address has an
 * account (or the organization exists): Stytch's "no such member" is swallowed, and its units stay taken.
 */
export async function sendSignInEmail(ctx: RequestContext, request: SignInEmailRequest): Promise<void> {
  const emailAddress = validateEmailAddress(request.emailAddress);
  validateLocale(request.locale);
  if (request.organization != null) validateOrganizationReference(request.organization);
  const redirectUrl = request.proof === "link" ? linkRedirectUrl(ctx) : undefined;
  const pkceCodeChallenge = request.proof === "link" ? bindToBrowser(ctx, LINK_LIFETIME_MS) : undefined;
  const reservation = await ctx.signInGuard.reserveEmail(emailAddress, ctx.clientAddress);
  try {
    await ctx.stytch.sendSignInEmail({
      emailAddress,
      proof: request.proof,
      organizationId: request.organization ?? undefined,
      redirectUrl,
      pkceCodeChallenge,
      locale: request.locale ?? undefined,
    });
  } catch (error) {
    if (error instanceof ForbiddenError) return;
    await reservation.cancel();
    throw error;
  }
}

/**
 * Discovery sign-in with an email code or a discovery link: the person's intermediate session (an HttpOnly
 * cookie for browsers) and the organizations they can enter, within the code-check limits.
 */
export async function signInByEmail(ctx: RequestContext, request: DiscoveryProof): Promise<DiscoverySignIn> {
  const proof = withBrowserVerifier(ctx, validDiscoveryProof(request));
  const address = proof.kind === "email_code" ? proof.emailAddress : undefined;
  const check = await ctx.signInGuard.reserveCheck(ctx.clientAddress, address);
  let signIn: DiscoverySignIn;
  try {
    signIn = await ctx.stytch.authenticateDiscovery(proof);
  } catch (error) {
    await check.settle(error instanceof SignInProofInvalidError ? "wrong" : "uncounted");
    throw error;
  }
  await check.settle("right");
  if (proof.kind === "magic_link") ctx.caller.forgetPkceVerifier();
  const { intermediateSessionToken, intermediateSessionExpiresAt } = signIn;
  ctx.caller.rememberIntermediateSession(intermediateSessionToken, intermediateSessionExpiresAt);
  await ctx.knownCredentials.rememberSignIn(intermediateSessionToken, intermediateSessionExpiresAt);
  for (const { organization, member } of signIn.organizations) ctx.loaders.prime({ organization, member });
  return signIn;
}

export interface EnterOrganizationRequest {
  organization: string;
  intermediateSessionToken?: string | null;
  sessionDurationMinutes?: number | null;
  locale?: string | null;
}

/**
 * Enters one organization with the sign-in's intermediate session: the exchange's three outcomes, within the
 * same SMS limits (entering an MFA organization texts the member), counted per sign-in.
 */
export async function enterOrganization(
  ctx: RequestContext,
  request: EnterOrganizationRequest,
): Promise<ExchangeAnswer> {
  validateOrganizationReference(request.organization);
  const minutes = sessionMinutes(request.sessionDurationMinutes, ctx.sessionMaxMinutes);
  validateLocale(request.locale);
  const step = pendingStep(ctx, request.intermediateSessionToken, NO_SIGN_IN);
  // Only a sign-in or step Stytch issued through this BFF is worth asking about: a made-up token costs neither
  // a Stytch call nor an entry in the shared throttle store (which an anonymous flood must not fill).
  if (!(await ctx.knownCredentials.isPending(step))) {
    ctx.caller.forgetIntermediateSession();
    throw new UnauthenticatedError(NO_SIGN_IN);
  }
  const answer = await withinSmsLimits(ctx, `step:${hashCredential(step)}`, request.organization, () =>
    forgettingWhenGone(ctx.caller.forgetIntermediateSession, () =>
      ctx.stytch.enterOrganization({
        intermediateSessionToken: step,
        organizationId: request.organization,
        sessionDurationMinutes: minutes,
        locale: request.locale ?? undefined,
      }),
    ),
  );
  return acceptExchangeAnswer(ctx, answer);
}

export interface PrimaryAuthRequest {
  proof: PrimaryProof;
  /** The pending step (PrimaryAuthRequired or a sign-in): the argument, else the browser's cookie, else none. */
  intermediateSessionToken?: string | null;
  sessionDurationMinutes?: number | null;
  locale?: string | null;
}

/**
 * Primary authentication into an organization by email code, magic link or SSO: finishes PrimaryAuthRequired
 * (with its pending step) or signs straight in (a link or SSO without one). The exchange's outcomes, so MFA
 * after it is completeMfa as usual. Wrong email codes count per address.
 */
export async function completePrimaryAuth(
  ctx: RequestContext,
  request: PrimaryAuthRequest,
): Promise<ExchangeAnswer> {
  const proof = withBrowserVerifier(ctx, validPrimaryProof(request.proof));
  const minutes = sessionMinutes(request.sessionDurationMinutes, ctx.sessionMaxMinutes);
  validateLocale(request.locale);
  const step = request.intermediateSessionToken ?? ctx.caller.intermediateSessionToken ?? undefined;
  if (step !== undefined) validateToken(step, "intermediateSessionToken");
  const address = proof.kind === "email_code" ? proof.emailAddress : undefined;
  const check = await ctx.signInGuard.reserveCheck(ctx.clientAddress, address);
  let answer: ExchangeAnswer;
  try {
    answer = await forgettingWhenGone(ctx.caller.forgetIntermediateSession, () =>
      ctx.stytch.authenticatePrimary({
        proof,
        intermediateSessionToken: step,
        sessionDurationMinutes: minutes,
        locale: request.locale ?? undefined,
      }),
    );
  } catch (error) {
    // "Not a member there" (or no such organization) answers and counts as a wrong code: otherwise a wrong
    // code would tell members from strangers, and strangers would never reach the wrong-code limit.
    const wrong = error instanceof SignInProofInvalidError || error instanceof ForbiddenError;
    await check.settle(wrong ? "wrong" : "uncounted");
    throw wrong && proof.kind === "email_code" ? new SignInProofInvalidError() : error;
  }
  await check.settle("right");
  if (proof.kind !== "email_code") ctx.caller.forgetPkceVerifier();
  return acceptExchangeAnswer(ctx, answer);
}

/** The proof as Stytch should get it (the address trimmed), or BAD_USER_INPUT. */
function validDiscoveryProof(proof: DiscoveryProof): DiscoveryProof {
  if (proof.kind !== "email_code") {
    validateToken(proof.token, "token");
    return proof;
  }
  validateEmailCode(proof.code);
  return { ...proof, emailAddress: validateEmailAddress(proof.emailAddress) };
}

function validPrimaryProof(proof: PrimaryProof): PrimaryProof {
  if (proof.kind !== "email_code") {
    validateToken(proof.token, "token");
    return proof;
  }
  validateOrganizationReference(proof.organizationId);
  validateEmailCode(proof.code);
  return { ...proof, emailAddress: validateEmailAddress(proof.emailAddress) };
}

/**
 * For a browser: a PKCE pair whose verifier it keeps (HttpOnly cookie) for `lifetimeMs`, and whose challenge
 * binds the link or SSO start to it. Undefined for other callers, which hold no cookies.
 */
export function bindToBrowser(ctx: RequestContext, lifetimeMs: number): string | undefined {
  const { verifier, challenge } = newPkcePair();
  return ctx.caller.rememberPkceVerifier(verifier, new Date(Date.now() + lifetimeMs)) ? challenge : undefined;
}

/**
 * A link's or SSO token's proof, with the verifier of the browser presenting it. A browser always sends one: a
 * made-up verifier when it holds none, so that Stytch refuses a token minted without a challenge (asked for
 * by a mobile app, or from an SSO start URL stripped of its challenge) rather than let it sign a victim in.
 * Apps without cookies send none.
 */
function withBrowserVerifier<P extends DiscoveryProof | PrimaryProof>(ctx: RequestContext, proof: P): P {
  if (proof.kind === "email_code" || ctx.caller.kind !== "cookie") return proof;
  return { ...proof, pkceCodeVerifier: ctx.caller.pkceVerifier ?? newPkcePair().verifier };
}

function linkRedirectUrl(ctx: RequestContext): string {
  const url = ctx.signIn.linkRedirectUrl;
  if (!url)
    throw new BadUserInputError("Sign-in links are not offered here (SIGN_IN_REDIRECT_URL is not set).");
  return url;
}
