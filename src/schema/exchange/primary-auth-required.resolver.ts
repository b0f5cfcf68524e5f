import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context";
import type { SignInSettings } from "../../sessions/sign-in";
import { PrimaryAuthRequired } from "./primary-auth-required.type";
import { SsoStart } from "./sso-start.type";

@Resolver(() => PrimaryAuthRequired)
export class PrimaryAuthRequiredResolver {
  @FieldResolver(() => [SsoStart], {
    description:
      "The organization's active SSO connections, each with where to start it; empty unless allowedAuthMethods " +
      "includes sso.",
  })
  ssoConnections(@Root() required: PrimaryAuthRequired, @Ctx() { signIn }: RequestContext): SsoStart[] {
    if (!required.allowedAuthMethods.includes("sso")) return [];
    return required.organization.ssoActiveConnections.map((connection) =>
      Object.assign(new SsoStart(), {
        ...connection,
        startUrl: ssoStartUrl(signIn, connection.connectionId),
      }),
    );
  }
}

/** As Stytch documents its browser-facing start: the public token, the connection, where to come back. */
function ssoStartUrl(settings: SignInSettings, connectionId: string): string | null {
  const { publicApiUrl, publicToken, ssoRedirectUrl } = settings;
  if (!publicToken || !ssoRedirectUrl) return null;
  const url = new URL("/v1/public/sso/start", publicApiUrl);
  url.searchParams.set("connection_id", connectionId);
  url.searchParams.set("public_token", publicToken);
  url.searchParams.set("login_redirect_url", ssoRedirectUrl);
  url.searchParams.set("signup_redirect_url", ssoRedirectUrl);
  return url.href;
}
