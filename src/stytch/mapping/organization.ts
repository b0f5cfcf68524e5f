import type { Organization } from "../types";
import {
  list,
  optionalDate,
  optionalObject,
  optionalString,
  requireObject,
  requireString,
  stringOrEmpty,
  strings,
} from "./wire-values";

export function toOrganization(wire: unknown): Organization {
  const o = requireObject(wire, "organization");
  const scim = optionalObject(o.scim_active_connection);
  return {
    id: requireString(o.organization_id, "organization.organization_id"),
    name: stringOrEmpty(o.organization_name),
    slug: stringOrEmpty(o.organization_slug),
    logoUrl: optionalString(o.organization_logo_url),
    externalId: optionalString(o.organization_external_id),
    trustedMetadata: optionalObject(o.trusted_metadata),
    createdAt: optionalDate(o.created_at),
    updatedAt: optionalDate(o.updated_at),
    authMethods: stringOrEmpty(o.auth_methods),
    allowedAuthMethods: strings(o.allowed_auth_methods),
    mfaPolicy: stringOrEmpty(o.mfa_policy),
    mfaMethods: stringOrEmpty(o.mfa_methods),
    allowedMfaMethods: strings(o.allowed_mfa_methods),
    ssoJitProvisioning: stringOrEmpty(o.sso_jit_provisioning),
    ssoJitProvisioningAllowedConnections: strings(o.sso_jit_provisioning_allowed_connections),
    ssoActiveConnections: list(o.sso_active_connections, (c) => ({
      connectionId: stringOrEmpty(c.connection_id),
      displayName: stringOrEmpty(c.display_name),
      identityProvider: stringOrEmpty(c.identity_provider),
    })),
    ssoDefaultConnectionId: optionalString(o.sso_default_connection_id),
    scimActiveConnection: scim && {
      connectionId: stringOrEmpty(scim.connection_id),
      displayName: stringOrEmpty(scim.display_name),
      bearerTokenLastFour: stringOrEmpty(scim.bearer_token_last_four),
      bearerTokenExpiresAt: optionalDate(scim.bearer_token_expires_at),
    },
    emailAllowedDomains: strings(o.email_allowed_domains),
    emailJitProvisioning: stringOrEmpty(o.email_jit_provisioning),
    emailInvites: stringOrEmpty(o.email_invites),
    claimedEmailDomains: strings(o.claimed_email_domains),
    oauthTenantJitProvisioning: stringOrEmpty(o.oauth_tenant_jit_provisioning),
    allowedOauthTenants: optionalObject(o.allowed_oauth_tenants),
    rbacEmailImplicitRoleAssignments: list(o.rbac_email_implicit_role_assignments, (a) => ({
      domain: stringOrEmpty(a.domain),
      roleId: stringOrEmpty(a.role_id),
    })),
    customRoles: list(o.custom_roles, (r) => ({
      roleId: stringOrEmpty(r.role_id),
      description: stringOrEmpty(r.description),
      permissions: list(r.permissions, (p) => ({
        resourceId: stringOrEmpty(p.resource_id),
        actions: strings(p.actions),
      })),
    })),
    firstPartyConnectedAppsAllowedType: stringOrEmpty(o.first_party_connected_apps_allowed_type),
    allowedFirstPartyConnectedApps: strings(o.allowed_first_party_connected_apps),
    thirdPartyConnectedAppsAllowedType: stringOrEmpty(o.third_party_connected_apps_allowed_type),
    allowedThirdPartyConnectedApps: strings(o.allowed_third_party_connected_apps),
  };
}
