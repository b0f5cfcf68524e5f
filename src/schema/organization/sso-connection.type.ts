import { Field, ObjectType } from "type-graphql";
import type { SsoConnection as Domain } from "../../stytch/types";

@ObjectType({ simpleResolvers: true, description: "An active SSO connection of an organization." })
export class SsoConnection implements Domain {
  @Field(() => String, { description: "The connection's id (saml-connection-… or oidc-connection-…)." })
  connectionId!: string;

  @Field(() => String, { description: "The name shown to members." })
  displayName!: string;

  @Field(() => String, { description: "The identity provider, e.g. okta, microsoft-entra, generic." })
  identityProvider!: string;
}
