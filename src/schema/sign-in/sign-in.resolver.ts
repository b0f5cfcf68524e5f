import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../context";
import {
  completePrimaryAuth,
  enterOrganization,
  sendSignInEmail,
  signInByEmail,
} from "../../sessions/sign-in";
import { ExchangeSessionResult, toExchangeSessionResult } from "../exchange/exchange-session.result";
import {
  CompletePrimaryAuthWithCodeArgs,
  CompleteWithTokenArgs,
  EnterOrganizationArgs,
  SendSignInEmailArgs,
  SignInWithCodeArgs,
  SignInWithLinkArgs,
} from "./sign-in.args";
import { SignIn } from "./sign-in.type";

const SENT =
  "Answers true whether or not the address has an account (nothing tells). Throttled per address (30 s " +
  "apart, 5 an hour) and per client (RATE_LIMITED with retryAfter).";
const OUTCOMES =
  "Answers like exchangeSession: the session, an MFA challenge (completeMfa), or the primary authentication " +
  "still missing. Browsers get the session (or the pending step) as HttpOnly cookies.";

@Resolver()
export class SignInResolver {
  @Mutation(() => Boolean, {
    description: `Email a 6-digit sign-in code: then signInWithCode, or completePrimaryAuthWithCode with orgId. ${SENT}`,
  })
  async sendSignInCode(
    @Args(() => SendSignInEmailArgs) args: SendSignInEmailArgs,
    @Ctx() ctx: RequestContext,
  ) {
    await sendSignInEmail(ctx, {
      emailAddress: args.email,
      proof: "code",
      organization: args.orgId,
      ...args,
    });
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      "Email a sign-in link to the server's SIGN_IN_REDIRECT_URL page, which passes its token to signInWithLink " +
      `(stytch_token_type=discovery) or, with orgId, completePrimaryAuthWithLink. ${SENT}`,
  })
  async sendSignInLink(
    @Args(() => SendSignInEmailArgs) args: SendSignInEmailArgs,
    @Ctx() ctx: RequestContext,
  ) {
    await sendSignInEmail(ctx, {
      emailAddress: args.email,
      proof: "link",
      organization: args.orgId,
      ...args,
    });
    return true;
  }

  @Mutation(() => SignIn, {
    description:
      "Sign in with the emailed code: the organizations the person can enter (enterOrganization). A wrong, " +
      "expired or used code fails with SIGN_IN_PROOF_INVALID; 5 wrong codes per address in 15 minutes, then " +
      "RATE_LIMITED.",
  })
  async signInWithCode(
    @Args(() => SignInWithCodeArgs) args: SignInWithCodeArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<SignIn> {
    const signIn = await signInByEmail(ctx, {
      kind: "email_code",
      emailAddress: args.email,
      code: args.code,
    });
    return SignIn.from(signIn, ctx.revealTokens);
  }

  @Mutation(() => SignIn, { description: "Sign in with a sign-in link's token, as signInWithCode." })
  async signInWithLink(
    @Args(() => SignInWithLinkArgs) args: SignInWithLinkArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<SignIn> {
    const signIn = await signInByEmail(ctx, { kind: "magic_link", token: args.token });
    return SignIn.from(signIn, ctx.revealTokens);
  }

  @Mutation(() => ExchangeSessionResult, {
    description: `Enter one of a sign-in's organizations. ${OUTCOMES}`,
  })
  async enterOrganization(
    @Args(() => EnterOrganizationArgs) args: EnterOrganizationArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const answer = await enterOrganization(ctx, { organization: args.orgId, ...args });
    return toExchangeSessionResult(answer, ctx.revealTokens);
  }

  @Mutation(() => ExchangeSessionResult, {
    description: `Finish PrimaryAuthRequired (or sign in to one organization) with an emailed code. ${OUTCOMES}`,
  })
  async completePrimaryAuthWithCode(
    @Args(() => CompletePrimaryAuthWithCodeArgs) args: CompletePrimaryAuthWithCodeArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const proof = {
      kind: "email_code",
      organizationId: args.orgId,
      emailAddress: args.email,
      code: args.code,
    } as const;
    return toExchangeSessionResult(await completePrimaryAuth(ctx, { proof, ...args }), ctx.revealTokens);
  }

  @Mutation(() => ExchangeSessionResult, {
    description: `Finish PrimaryAuthRequired (or sign in to one organization) with a sign-in link's token. ${OUTCOMES}`,
  })
  async completePrimaryAuthWithLink(
    @Args(() => CompleteWithTokenArgs) args: CompleteWithTokenArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const proof = { kind: "magic_link", token: args.token } as const;
    return toExchangeSessionResult(await completePrimaryAuth(ctx, { proof, ...args }), ctx.revealTokens);
  }

  @Mutation(() => ExchangeSessionResult, {
    description:
      "Finish an SSO sign-in (PrimaryAuthRequired.ssoConnections[].startUrl) with the token SSO_REDIRECT_URL " +
      `was opened with. ${OUTCOMES}`,
  })
  async completeSso(
    @Args(() => CompleteWithTokenArgs) args: CompleteWithTokenArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof ExchangeSessionResult> {
    const proof = { kind: "sso", token: args.token } as const;
    return toExchangeSessionResult(await completePrimaryAuth(ctx, { proof, ...args }), ctx.revealTokens);
  }
}
