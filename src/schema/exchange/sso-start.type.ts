import { Field, ObjectType } from "type-graphql";

@ObjectType({
  simpleResolvers: true,
  description:
    "One way to finish PrimaryAuthRequired by SSO: open startUrl in the browser, then completeSso.",
})
export class SsoStart {
  @Field(() => String, { description: "The connection's id (saml-connection-… or oidc-connection-…)." })
  connectionId!: string;

  @Field(() => String, { description: "The name to show on its button." })
  displayName!: string;

  @Field(() => String, { description: "The identity provider, e.g. okta, microsoft-entra, generic." })
  identityProvider!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Stytch's SSO start for this connection, returning to the server's SSO_REDIRECT_URL with a token for " +
      "completeSso. Null when the server offers no SSO (SSO_REDIRECT_URL or STYTCH_PUBLIC_TOKEN unset).",
  })
  startUrl!: string | null;
}
