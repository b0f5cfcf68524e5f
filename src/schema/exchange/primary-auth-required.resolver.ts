import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import { bindToBrowser, SSO_START_LIFETIME_MS, type SignInSettings } from "../../sessions/sign-in";
import { PrimaryAuthRequired } from "./primary-auth-required.type";
import { SsoStart } from "./sso-start.type";

@Resolver(() => PrimaryAuthRequired)
export class PrimaryAuthRequiredResolver {
  @FieldResolver(() => [SsoStart], {
    description:
      "The organization's active SSO connections, each with where to start it; empty unless allowedAuthMethods " +
      "includes sso.",
  })
  async ssoConnections(
    @Root() required: PrimaryAuthRequired,
    @Ctx() ctx: RequestContext,
  ): Promise<SsoStart[]> {
    if (!required.allowedAuthMethods.includes("sso")) return [];
    // One PKCE pair per answer, for a browser: only it can then use the token SSO returns with.
    const challenge = await ctx.once("sso-pkce", async () => bindToBrowser(ctx, SSO_START_LIFETIME_MS));
    return required.organization.ssoActiveConnections.map((connection) =>
      Object.assign(new SsoStart(), {
        ...connection,
        startUrl: ssoStartUrl(ctx.signIn, connection.connectionId, challenge),
      }),
    );
  }
}

/** As Stytch documents its browser-facing start: the public token, the connection, where to come back. */
function ssoStartUrl(
  settings: SignInSettings,
  connectionId: string,
  pkceCodeChallenge: string | undefined,
): string | null {
  const { publicApiUrl, publicToken, ssoRedirectUrl } = settings;
  if (!publicToken || !ssoRedirectUrl) return null;
  const url = new URL("/v1/public/sso/start", publicApiUrl);
  url.searchParams.set("connection_id", connectionId);
  url.searchParams.set("public_token", publicToken);
  url.searchParams.set("login_redirect_url", ssoRedirectUrl);
  url.searchParams.set("signup_redirect_url", ssoRedirectUrl);
  if (pkceCodeChallenge) url.searchParams.set("pkce_code_challenge", pkceCodeChallenge);
  return url.href;
}
