/** Stytch-shaped wire objects, as Stytch sends them (trimmed to what the mapping reads). */
export const wireOrganization = {
  organization_id: "organization-test-1",
  organization_name: "Acme",
  organization_slug: "acme",
  organization_logo_url: "",
  mfa_policy: "OPTIONAL",
  auth_methods: "ALL_ALLOWED",
  allowed_auth_methods: [],
  mfa_methods: "RESTRICTED",
  allowed_mfa_methods: ["sms_otp"],
  sso_active_connections: [{ connection_id: "saml-1", display_name: "Okta", identity_provider: "okta" }],
  custom_roles: [
    { role_id: "editor", description: "Edits", permissions: [{ resource_id: "doc", actions: ["*"] }] },
  ],
  created_at: "2024-01-01T00:00:00Z",
  a_field_stytch_adds_later: { anything: true },
};

export const wireMember = {
  organization_id: "organization-test-1",
  member_id: "member-test-1",
  email_address: "ada@example.com",
  status: "some_new_status",
  name: "Ada",
  mfa_phone_number: "",
  totp_registration_id: "",
  roles: [{ role_id: "stytch_member", sources: [{ type: "a_new_source", details: { x: 1 } }] }],
};

export const wireSession = {
  member_session_id: "member-session-test-1",
  member_id: "member-test-1",
  organization_id: "organization-test-1",
  organization_slug: "acme",
  started_at: "2024-01-01T00:00:00Z",
  last_accessed_at: "2024-01-01T00:00:00Z",
  expires_at: "2024-01-01T01:00:00Z",
  roles: ["stytch_member"],
  authentication_factors: [
    {
      type: "magic_link",
      delivery_method: "email",
      email_factor: { email_id: "email-1", email_address: "ada@example.com" },
    },
    {
      type: "a_new_factor",
      delivery_method: "a_new_channel",
      saml_sso_factor: { provider_id: "p", external_id: "e" },
    },
  ],
};
