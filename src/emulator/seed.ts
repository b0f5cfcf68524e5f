import { createHash } from "node:crypto";

import { derivedToken, testId } from "./ids";
import { maskPhoneNumber } from "./sms";
import { base32Encode } from "./totp";
import type { EmulatorSeed, MemberRole, Organization, SeedMember, SeedSession } from "./types";

// Deterministic seed data that reaches every emulated path (see README "Seed data"). Ids are derived by
// hashing names, so they are the same on every run and in every process.

const CREATED_AT = "2024-01-15T09:30:00Z";
const UPDATED_AT = "2024-06-01T12:00:00Z";

export const organizationIdFor = (slug: string) => testId("organization", slug);
export const memberIdFor = (email: string, slug: string) =>
  testId("member", `${email.toLowerCase()}@${slug}`);
const ssoConnectionIdFor = (slug: string) => testId("saml-connection", slug);

/** The session token of a named seed session: derived from the project id and the name, so it is stable. */
export function demoSessionToken(projectId: string, name: string): string {
  return derivedToken(`stytch-emulator:${projectId}:session:${name}`);
}
export function demoSessionId(projectId: string, name: string): string {
  return testId("member-session", `${projectId}:${name}`);
}

function organization(slug: string, name: string, overrides: Partial<Organization> = {}): Organization {
  return {
    organization_id: organizationIdFor(slug),
    organization_name: name,
    organization_logo_url: `https://assets.example.com/logos/${slug}.png`,
    organization_slug: slug,
    sso_jit_provisioning: "NOT_ALLOWED",
    sso_jit_provisioning_allowed_connections: [],
    sso_active_connections: [],
    email_allowed_domains: [],
    email_jit_provisioning: "NOT_ALLOWED",
    email_invites: "ALL_ALLOWED",
    auth_methods: "ALL_ALLOWED",
    allowed_auth_methods: [],
    mfa_policy: "OPTIONAL",
    rbac_email_implicit_role_assignments: [],
    mfa_methods: "ALL_ALLOWED",
    allowed_mfa_methods: [],
    oauth_tenant_jit_provisioning: "NOT_ALLOWED",
    claimed_email_domains: [],
    first_party_connected_apps_allowed_type: "ALL_ALLOWED",
    allowed_first_party_connected_apps: [],
    third_party_connected_apps_allowed_type: "ALL_ALLOWED",
    allowed_third_party_connected_apps: [],
    custom_roles: [],
    trusted_metadata: {},
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
    ...overrides,
  };
}

const role = (roleId: string, ...sources: MemberRole["sources"]): MemberRole => ({
  role_id: roleId,
  sources,
});
const direct = { type: "direct_assignment" };

function member(email: string, name: string, slug: string, overrides: Partial<SeedMember> = {}): SeedMember {
  return {
    organization_id: organizationIdFor(slug),
    member_id: memberIdFor(email, slug),
    email_address: email,
    status: "active",
    name,
    sso_registrations: [],
    is_breakglass: false,
    member_password_id: "",
    oauth_registrations: [],
    email_address_verified: true,
    mfa_phone_number_verified: false,
    is_admin: false,
    totp_registration_id: "",
    retired_email_addresses: [],
    is_locked: false,
    mfa_enrolled: false,
    mfa_phone_number: "",
    default_mfa_method: "",
    roles: [role("stytch_member", direct)],
    trusted_metadata: {},
    untrusted_metadata: {},
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
    ...overrides,
  };
}

const ADA = "ada@example.com";
const BOB = "bob@example.com";
const CAROL = "carol@example.com";
const DAVE = "dave@example.com";

const ADA_TOTP_SECRET = base32Encode(createHash("sha1").update(`${ADA}:umbrella:totp`).digest());
const ADA_RECOVERY_CODES = Array.from({ length: 10 }, (_, i) => {
  const hex = createHash("sha256").update(`${ADA}:umbrella:recovery:${i}`).digest("hex");
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
});

/** Describes the default seed: ids, people, secrets and the outcome each demo exchange gives. */
export const DEMO = {
  organizations: {
    acme: {
      id: organizationIdFor("acme"),
      slug: "acme",
      name: "Acme Corp",
      externalId: "acme-external-001",
      ssoConnectionId: ssoConnectionIdFor("acme"),
    },
    globex: {
      id: organizationIdFor("globex"),
      slug: "globex",
      name: "Globex Corporation",
      externalId: "globex-external-002",
    },
    initech: {
      id: organizationIdFor("initech"),
      slug: "initech",
      name: "Initech",
      ssoConnectionId: ssoConnectionIdFor("initech"),
    },
    umbrella: { id: organizationIdFor("umbrella"), slug: "umbrella", name: "Umbrella Corporation" },
    hooli: { id: organizationIdFor("hooli"), slug: "hooli", name: "Hooli" },
  },
  people: {
    ada: {
      email: ADA,
      name: "Ada Lovelace",
      members: {
        acme: memberIdFor(ADA, "acme"),
        globex: memberIdFor(ADA, "globex"),
        initech: memberIdFor(ADA, "initech"),
        umbrella: memberIdFor(ADA, "umbrella"),
        hooli: memberIdFor(ADA, "hooli"),
      },
      /** Verified MFA phone of her globex member. */
      phoneNumber: "+15555550100",
      maskedPhoneNumber: maskPhoneNumber("+15555550100"),
      /** TOTP of her umbrella member. */
      totpSecret: ADA_TOTP_SECRET,
      totpRegistrationId: testId("member-totp", `${ADA}@umbrella`),
      recoveryCodes: ADA_RECOVERY_CODES as readonly string[],
    },
    bob: {
      email: BOB,
      name: "Bob Builder",
      members: { acme: memberIdFor(BOB, "acme"), globex: memberIdFor(BOB, "globex") },
    },
    carol: {
      email: CAROL,
      name: "Carol Danvers",
      members: { acme: memberIdFor(CAROL, "acme") },
      phoneNumber: "+15555550142",
    },
    dave: {
      email: DAVE,
      name: "Dave Bowman",
      members: {
        acme: memberIdFor(DAVE, "acme"),
        hooli: memberIdFor(DAVE, "hooli"),
        globex: memberIdFor(DAVE, "globex"),
      },
      /** Verified MFA phone of his hooli member (mfa_enrolled in an OPTIONAL org). */
      phoneNumber: "+15555550177",
      maskedPhoneNumber: maskPhoneNumber("+15555550177"),
    },
  },
  /** Sessions created at start and after reset; tokens via handle.demoSessions or demoSessionToken(). */
  sessions: {
    ada: {
      memberId: memberIdFor(ADA, "acme"),
      organizationId: organizationIdFor("acme"),
      factors: ["magic_link"],
    },
    bob: {
      memberId: memberIdFor(BOB, "acme"),
      organizationId: organizationIdFor("acme"),
      factors: ["magic_link"],
    },
  },
  /** What sessions.exchange gives from each demo session into each org. */
  outcomes: {
    ada: {
      acme: "authenticated",
      globex: "mfa_required",
      initech: "primary_required",
      umbrella: "mfa_required",
      hooli: "authenticated",
    },
    bob: {
      acme: "authenticated",
      globex: "mfa_required",
      initech: "member_not_found",
      umbrella: "member_not_found",
      hooli: "member_not_found",
    },
  },
} as const;

function defaultOrganizations(): Organization[] {
  const acmeSso = ssoConnectionIdFor("acme");
  const initechSso = ssoConnectionIdFor("initech");
  return [
    organization("acme", "Acme Corp", {
      organization_external_id: "acme-external-001",
      email_allowed_domains: ["example.com"],
      email_jit_provisioning: "RESTRICTED",
      email_invites: "RESTRICTED",
      claimed_email_domains: ["acme.example"],
      sso_jit_provisioning: "RESTRICTED",
      sso_jit_provisioning_allowed_connections: [acmeSso],
      sso_active_connections: [
        { connection_id: acmeSso, display_name: "Acme Okta", identity_provider: "okta" },
      ],
      sso_default_connection_id: acmeSso,
      rbac_email_implicit_role_assignments: [{ domain: "example.com", role_id: "billing-admin" }],
      oauth_tenant_jit_provisioning: "RESTRICTED",
      allowed_oauth_tenants: { slack: ["T0ACME123"], github: ["acme-corp"] },
      first_party_connected_apps_allowed_type: "RESTRICTED",
      allowed_first_party_connected_apps: [testId("connected-app", "acme-dashboard")],
      third_party_connected_apps_allowed_type: "NOT_ALLOWED",
      custom_roles: [
        {
          role_id: "billing-admin",
          description: "Manages invoices and payment methods",
          permissions: [
            { resource_id: "invoice", actions: ["read", "pay"] },
            { resource_id: "payment-method", actions: ["*"] },
          ],
        },
        {
          role_id: "engineer",
          description: "Reads and writes repositories (granted through SSO)",
          permissions: [{ resource_id: "repository", actions: ["read", "write"] }],
        },
      ],
      trusted_metadata: { plan: "enterprise", region: "us-east-1", seats: 250 },
      scim_active_connection: {
        connection_id: testId("scim-connection", "acme"),
        display_name: "Acme Okta SCIM",
        bearer_token_last_four: "a1b2",
        bearer_token_expires_at: "2026-12-31T00:00:00Z",
      },
    }),
    organization("globex", "Globex Corporation", {
      organization_external_id: "globex-external-002",
      mfa_policy: "REQUIRED_FOR_ALL",
      mfa_methods: "ALL_ALLOWED",
      trusted_metadata: { plan: "business" },
    }),
    organization("initech", "Initech", {
      auth_methods: "RESTRICTED",
      allowed_auth_methods: ["sso"],
      sso_jit_provisioning: "ALL_ALLOWED",
      sso_active_connections: [
        { connection_id: initechSso, display_name: "Initech Okta", identity_provider: "okta" },
      ],
      sso_default_connection_id: initechSso,
    }),
    organization("umbrella", "Umbrella Corporation", {
      mfa_policy: "REQUIRED_FOR_ALL",
      mfa_methods: "RESTRICTED",
      allowed_mfa_methods: ["totp"],
    }),
    organization("hooli", "Hooli"),
  ];
}

function defaultMembers(): SeedMember[] {
  const acmeSso = ssoConnectionIdFor("acme");
  const initechSso = ssoConnectionIdFor("initech");
  return [
    member(ADA, "Ada Lovelace", "acme", {
      is_admin: true,
      external_id: "ada-acme",
      member_password_id: testId("member-password", `${ADA}@acme`),
      roles: [
        role("stytch_member", direct),
        role("stytch_admin", direct),
        role("billing-admin", { type: "email_assignment", details: { email_domain: "example.com" } }),
        role("engineer", { type: "sso_connection", details: { connection_id: acmeSso } }),
      ],
      oauth_registrations: [
        {
          provider_type: "Google",
          provider_subject: "104512345678901234567",
          member_oauth_registration_id: testId("oauth-member-registration", `${ADA}@acme:google`),
          profile_picture_url: "https://assets.example.com/avatars/ada.png",
          locale: "en",
        },
      ],
      retired_email_addresses: [
        {
          email_id: testId("email", "ada.lovelace@old.example.com"),
          email_address: "ada.lovelace@old.example.com",
        },
      ],
      scim_registration: {
        connection_id: testId("scim-connection", "acme"),
        registration_id: testId("scim-registration", `${ADA}@acme`),
        external_id: "00u1ada",
      },
      trusted_metadata: { employee_id: "E-1001", department: "Research" },
      untrusted_metadata: { theme: "dark" },
    }),
    member(ADA, "Ada Lovelace", "globex", {
      mfa_phone_number: DEMO.people.ada.phoneNumber,
      mfa_phone_number_verified: true,
      mfa_enrolled: true,
      default_mfa_method: "sms_otp",
    }),
    member(ADA, "Ada Lovelace", "initech", {
      sso_registrations: [
        {
          connection_id: initechSso,
          external_id: "ada.lovelace@initech-idp",
          registration_id: testId("saml-registration", `${ADA}@initech`),
          sso_attributes: { department: "Engineering", title: "Analyst" },
        },
      ],
      roles: [
        role("stytch_member", direct),
        role("stytch_admin", {
          type: "sso_connection_group",
          details: { connection_id: initechSso, group: "admins" },
        }),
      ],
    }),
    member(ADA, "Ada Lovelace", "umbrella", {
      totp_registration_id: DEMO.people.ada.totpRegistrationId,
      mfa_enrolled: true,
      default_mfa_method: "totp",
      totp_secret: ADA_TOTP_SECRET,
      recovery_codes: [...ADA_RECOVERY_CODES],
    }),
    member(ADA, "Ada Lovelace", "hooli", { status: "invited", email_address_verified: false }),
    member(BOB, "Bob Builder", "acme"),
    member(BOB, "Bob Builder", "globex", {
      // A lockout that has already expired: the lock fields stay, is_locked is false.
      lock_created_at: "2024-05-01T08:00:00Z",
      lock_expires_at: "2024-05-01T09:00:00Z",
    }),
    member(CAROL, "Carol Danvers", "acme", {
      mfa_phone_number: DEMO.people.carol.phoneNumber,
      mfa_phone_number_verified: true,
      mfa_enrolled: true,
      default_mfa_method: "sms_otp",
    }),
    member(DAVE, "Dave Bowman", "acme"),
    member(DAVE, "Dave Bowman", "hooli", {
      mfa_phone_number: DEMO.people.dave.phoneNumber,
      mfa_phone_number_verified: true,
      mfa_enrolled: true,
      default_mfa_method: "sms_otp",
    }),
    member(DAVE, "Dave Bowman", "globex", { status: "pending", email_address_verified: false }),
  ];
}

const DEFAULT_SESSIONS: SeedSession[] = [
  { name: "ada", member_id: DEMO.sessions.ada.memberId, factors: ["magic_link"] },
  { name: "bob", member_id: DEMO.sessions.bob.memberId, factors: ["magic_link"] },
];

export function defaultSeed(): EmulatorSeed {
  return {
    organizations: defaultOrganizations(),
    members: defaultMembers(),
    sessions: structuredClone(DEFAULT_SESSIONS),
  };
}

export const scaleOrganizationSlug = (i: number) => `scale-org-${i}`;
export const scaleOrganizationId = (i: number) => organizationIdFor(scaleOrganizationSlug(i));
export const scalePersonEmail = (j: number) => `person-${j}@scale.example.com`;
/** The member of scale person `j` in scale organization `i` (when that membership exists). */
export const scaleMemberId = (j: number, i: number) =>
  memberIdFor(scalePersonEmail(j), scaleOrganizationSlug(i));

/**
 * The default seed plus `organizations` plain orgs and `people` people, person j being an active member of
 * orgs j, j+1, ... (mod organizations), `membershipsPerPerson` of them. E.g. {people: 120, organizations: 50,
 * membershipsPerPerson: 50} gives 120 people who are each members of all 50 orgs (6000 distinct members).
 */
export function scaleSeed(opts: {
  people: number;
  organizations: number;
  membershipsPerPerson: number;
}): EmulatorSeed {
  const seed = defaultSeed();
  for (let i = 0; i < opts.organizations; i++) {
    seed.organizations.push(organization(scaleOrganizationSlug(i), `Scale Org ${i}`));
  }
  const perPerson = Math.min(opts.membershipsPerPerson, opts.organizations);
  for (let j = 0; j < opts.people; j++) {
    for (let k = 0; k < perPerson; k++) {
      const i = (j + k) % opts.organizations;
      seed.members.push(member(scalePersonEmail(j), `Person ${j}`, scaleOrganizationSlug(i)));
    }
  }
  return seed;
}
