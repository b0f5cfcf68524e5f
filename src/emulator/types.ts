// Wire types of the Stytch B2B objects the emulator serves (snake_case, as the `stytch` SDK types them in
// types/lib/b2b/organizations.d.ts, sessions.d.ts, mfa.d.ts, b2c/sessions.d.ts). Declared here rather than
// imported from the SDK so the emulator depends on nothing but node built-ins.

export type JsonObject = Record<string, unknown>;

export interface ActiveSSOConnection {
  connection_id: string;
  display_name: string;
  identity_provider: string;
}

export interface ActiveSCIMConnection {
  connection_id: string;
  display_name: string;
  bearer_token_last_four: string;
  bearer_token_expires_at?: string;
}

export interface CustomRole {
  role_id: string;
  description: string;
  permissions: { resource_id: string; actions: string[] }[];
}

export interface Organization {
  organization_id: string;
  organization_name: string;
  organization_logo_url: string;
  organization_slug: string;
  sso_jit_provisioning: string;
  sso_jit_provisioning_allowed_connections: string[];
  sso_active_connections: ActiveSSOConnection[];
  email_allowed_domains: string[];
  email_jit_provisioning: string;
  email_invites: string;
  auth_methods: string;
  allowed_auth_methods: string[];
  mfa_policy: string;
  rbac_email_implicit_role_assignments: { domain: string; role_id: string }[];
  mfa_methods: string;
  allowed_mfa_methods: string[];
  oauth_tenant_jit_provisioning: string;
  claimed_email_domains: string[];
  first_party_connected_apps_allowed_type: string;
  allowed_first_party_connected_apps: string[];
  third_party_connected_apps_allowed_type: string;
  allowed_third_party_connected_apps: string[];
  custom_roles: CustomRole[];
  trusted_metadata?: JsonObject;
  created_at?: string;
  updated_at?: string;
  organization_external_id?: string;
  sso_default_connection_id?: string;
  scim_active_connection?: ActiveSCIMConnection;
  allowed_oauth_tenants?: JsonObject;
}

export interface MemberRoleSource {
  type: string;
  details?: JsonObject;
}

export interface MemberRole {
  role_id: string;
  sources: MemberRoleSource[];
}

export interface Member {
  organization_id: string;
  member_id: string;
  email_address: string;
  status: string;
  name: string;
  sso_registrations: {
    connection_id: string;
    external_id: string;
    registration_id: string;
    sso_attributes?: JsonObject;
  }[];
  is_breakglass: boolean;
  member_password_id: string;
  oauth_registrations: {
    provider_type: string;
    provider_subject: string;
    member_oauth_registration_id: string;
    profile_picture_url?: string;
    locale?: string;
  }[];
  email_address_verified: boolean;
  mfa_phone_number_verified: boolean;
  is_admin: boolean;
  totp_registration_id: string;
  retired_email_addresses: { email_id: string; email_address: string }[];
  is_locked: boolean;
  mfa_enrolled: boolean;
  mfa_phone_number: string;
  default_mfa_method: string;
  roles: MemberRole[];
  trusted_metadata?: JsonObject;
  untrusted_metadata?: JsonObject;
  created_at?: string;
  updated_at?: string;
  scim_registration?: { connection_id: string; registration_id: string; external_id?: string };
  external_id?: string;
  lock_created_at?: string;
  lock_expires_at?: string;
}

/** AuthenticationFactor as in the SDK: `type` + `delivery_method` + at most one typed sub-object. */
export interface AuthenticationFactor {
  type: string;
  delivery_method: string;
  last_authenticated_at?: string;
  created_at?: string;
  updated_at?: string;
  [subFactor: string]: unknown;
}

export interface MemberSession {
  member_session_id: string;
  member_id: string;
  started_at: string;
  last_accessed_at: string;
  expires_at: string;
  authentication_factors: AuthenticationFactor[];
  organization_id: string;
  roles: string[];
  organization_slug: string;
  custom_claims?: JsonObject;
}

export interface MfaRequired {
  member_options: { mfa_phone_number: string; totp_registration_id: string };
  secondary_auth_initiated: string | null;
}

export interface PrimaryRequired {
  allowed_auth_methods: string[];
}

/** A seeded member may carry emulator-only secrets; they are stripped from every API answer. */
export interface SeedMember extends Member {
  /** Base32 TOTP secret (RFC 6238, SHA1, 6 digits, 30 s) behind `totp_registration_id`. */
  totp_secret?: string;
  /** Single-use recovery codes that belong to the member's TOTP registration. */
  recovery_codes?: string[];
}

/**
 * A factor for a session made by the control API: either a full AuthenticationFactor, or a shorthand
 * that the emulator expands from the member's own data (email, phone, registrations).
 */
export type FactorSpec =
  | "magic_link"
  | "email_otp"
  | "password"
  | "google_oauth"
  | "microsoft_oauth"
  | "github_oauth"
  | "slack_oauth"
  | "hubspot_oauth"
  | "sso"
  | "sms_otp"
  | "totp"
  | "recovery_code"
  | AuthenticationFactor;

export interface SeedSession {
  /** Name of the session; its token is derived from the project id and this name, so it is stable. */
  name: string;
  member_id: string;
  factors?: FactorSpec[];
  duration_minutes?: number;
}

/** What `POST /__emulator/seed` and `handle.seed()` accept. */
export interface EmulatorSeed {
  organizations: Organization[];
  members: SeedMember[];
  sessions?: SeedSession[];
}
