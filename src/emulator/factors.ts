import { testId } from "./ids";
import type { AuthenticationFactor, FactorSpec, Member, Organization } from "./types";

// Authentication factors: building them from shorthands, mapping them to the organization
// `allowed_auth_methods` vocabulary, and deciding which ones carry over into another organization.

/** Every primary method of Stytch's `allowed_auth_methods` vocabulary (what ALL_ALLOWED means). */
export const ALL_AUTH_METHODS = [
  "sso",
  "magic_link",
  "email_otp",
  "password",
  "google_oauth",
  "microsoft_oauth",
  "slack_oauth",
  "github_oauth",
  "hubspot_oauth",
];

const OAUTH_PROVIDERS = ["google", "microsoft", "github", "slack", "hubspot"];

/** The primary auth method a factor proves, or undefined for MFA-only factors (SMS, TOTP, recovery). */
export function authMethodOf(factor: AuthenticationFactor): string | undefined {
  switch (factor.type) {
    case "magic_link":
      return "magic_link";
    case "email_otp":
      return "email_otp";
    case "otp":
      return factor.delivery_method === "email" ? "email_otp" : undefined;
    case "sso":
      return "sso";
    case "password":
      return "password";
    case "oauth": {
      // oauth_google and the non-email-verifying oauth_exchange_google both come from Google.
      const provider = factor.delivery_method.replace(/^oauth_(exchange_)?/, "");
      return OAUTH_PROVIDERS.includes(provider) ? `${provider}_oauth` : undefined;
    }
    default:
      return undefined;
  }
}

export const isSmsFactor = (f: AuthenticationFactor) => f.type === "otp" && f.delivery_method === "sms";

function ssoConnectionOf(factor: AuthenticationFactor): string | undefined {
  const sub = (factor.saml_sso_factor ?? factor.oidc_sso_factor) as { provider_id?: string } | undefined;
  return sub?.provider_id;
}

/**
 * Factors of a session in another organization that remain valid for `target`: email magic link, email
 * OTP and OAuth factors always; SSO only through a connection of the target organization; an SMS factor
 * only for the same verified phone number. Password, TOTP and recovery-code factors never carry over.
 */
export function carryOverFactors(
  factors: AuthenticationFactor[],
  target: Organization,
  member: Member,
): AuthenticationFactor[] {
  return factors.filter((f) => {
    if (isSmsFactor(f)) {
      const phone = (f.phone_number_factor as { phone_number?: string } | undefined)?.phone_number;
      return member.mfa_phone_number_verified && phone !== undefined && phone === member.mfa_phone_number;
    }
    const method = authMethodOf(f);
    if (method === undefined || method === "password") return false;
    if (method === "sso") {
      const connection = ssoConnectionOf(f);
      return target.sso_active_connections.some((c) => c.connection_id === connection);
    }
    return true;
  });
}

/** The timestamps every built factor carries: all three are the moment the factor was proven. */
interface Stamps {
  last_authenticated_at: string;
  created_at: string;
  updated_at: string;
}

type FactorBuilder = (member: Member, org: Organization, stamps: Stamps) => AuthenticationFactor;

/** Factor ids that must stay stable for a member (email id, phone id) are derived from the member. */
export function buildFactor(
  spec: FactorSpec,
  member: Member,
  org: Organization,
  atIso: string,
): AuthenticationFactor {
  if (typeof spec === "object") return { ...spec };
  const stamps = { last_authenticated_at: atIso, created_at: atIso, updated_at: atIso };
  // Every shorthand not in the table is <provider>_oauth.
  const build = FACTOR_BUILDERS.get(spec) ?? oauthFactorOf(spec);
  return build(member, org, stamps);
}

const emailFactorOf = (emailAddress: string) => ({
  email_id: testId("email", emailAddress.toLowerCase()),
  email_address: emailAddress,
});

/** The factor an email magic link or email OTP proves: the email address, with or without a member. */
export function emailFactor(
  method: "magic_link" | "email_otp",
  emailAddress: string,
  atIso: string,
): AuthenticationFactor {
  return {
    type: method === "magic_link" ? "magic_link" : "otp",
    delivery_method: "email",
    last_authenticated_at: atIso,
    created_at: atIso,
    updated_at: atIso,
    email_factor: emailFactorOf(emailAddress),
  };
}

/** The `method_id` of an email authentication: the email id the factor names. */
export const emailMethodId = (emailAddress: string) => emailFactorOf(emailAddress).email_id;

const magicLinkFactor: FactorBuilder = (member, _org, stamps) =>
  emailFactor("magic_link", member.email_address, stamps.last_authenticated_at);

const emailOtpFactor: FactorBuilder = (member, _org, stamps) =>
  emailFactor("email_otp", member.email_address, stamps.last_authenticated_at);

const passwordFactor: FactorBuilder = (_member, _org, stamps) => ({
  type: "password",
  delivery_method: "knowledge",
  ...stamps,
});

/** Through the member's first SSO registration, else the organization's default connection. */
const ssoFactor: FactorBuilder = (member, org, stamps) => {
  const connection = member.sso_registrations[0]?.connection_id ?? org.sso_default_connection_id ?? "";
  return ssoFactorFor(member, connection, stamps.last_authenticated_at);
};

export const ssoProtocolOf = (connectionId: string) => (connectionId.startsWith("oidc-") ? "oidc" : "saml");

/**
 * A sign-in through one SSO connection. Stytch's connection ids name their protocol
 * (`saml-connection-…`, `oidc-connection-…`), and so does the factor (`sso_saml` / `sso_oidc`).
 */
export function ssoFactorFor(member: Member, connectionId: string, atIso: string): AuthenticationFactor {
  const registration = member.sso_registrations.find((r) => r.connection_id === connectionId);
  const protocol = ssoProtocolOf(connectionId);
  return {
    type: "sso",
    delivery_method: `sso_${protocol}`,
    last_authenticated_at: atIso,
    created_at: atIso,
    updated_at: atIso,
    [`${protocol}_sso_factor`]: {
      id: registration?.registration_id ?? testId(`${protocol}-registration`, member.member_id),
      provider_id: connectionId,
      external_id: registration?.external_id ?? member.email_address,
    },
  };
}

const smsOtpFactor: FactorBuilder = (member, _org, stamps) => ({
  type: "otp",
  delivery_method: "sms",
  ...stamps,
  phone_number_factor: {
    phone_id: testId("phone-number", member.mfa_phone_number),
    phone_number: member.mfa_phone_number,
  },
});

const totpFactor: FactorBuilder = (member, _org, stamps) => ({
  type: "totp",
  delivery_method: "authenticator_app",
  ...stamps,
  authenticator_app_factor: { totp_id: member.totp_registration_id },
});

const recoveryCodeFactor: FactorBuilder = (member, _org, stamps) => ({
  type: "recovery_codes",
  delivery_method: "recovery_code",
  ...stamps,
  recovery_code_factor: { totp_recovery_code_id: testId("totp-recovery-code", member.member_id) },
});

/** google_oauth, microsoft_oauth, ... -> type oauth, delivery oauth_<provider>, <provider>_oauth_factor. */
function oauthFactorOf(spec: string): FactorBuilder {
  const provider = spec.replace(/_oauth$/, "");
  return (member, _org, stamps) => {
    const registration = member.oauth_registrations.find((r) => r.provider_type.toLowerCase() === provider);
    return {
      type: "oauth",
      delivery_method: `oauth_${provider}`,
      ...stamps,
      [`${provider}_oauth_factor`]: {
        id:
          registration?.member_oauth_registration_id ?? testId(`oauth-member-registration`, member.member_id),
        provider_subject: registration?.provider_subject ?? member.email_address,
        email_id: emailMethodId(member.email_address),
      },
    };
  };
}

// A Map, not an object: a shorthand such as "constructor" must not find an Object.prototype member.
const FACTOR_BUILDERS = new Map<string, FactorBuilder>([
  ["magic_link", magicLinkFactor],
  ["email_otp", emailOtpFactor],
  ["password", passwordFactor],
  ["sso", ssoFactor],
  ["sms_otp", smsOtpFactor],
  ["totp", totpFactor],
  ["recovery_code", recoveryCodeFactor],
]);

export const FACTOR_SHORTHANDS: ReadonlySet<string> = new Set([
  "magic_link",
  "email_otp",
  "password",
  "google_oauth",
  "microsoft_oauth",
  "github_oauth",
  "slack_oauth",
  "hubspot_oauth",
  "sso",
  "sms_otp",
  "totp",
  "recovery_code",
]);

/** Adds `factor`, replacing an earlier factor of the same type and delivery method (re-authentication). */
export function withFactor(
  factors: AuthenticationFactor[],
  factor: AuthenticationFactor,
): AuthenticationFactor[] {
  return [
    ...factors.filter((f) => !(f.type === factor.type && f.delivery_method === factor.delivery_method)),
    factor,
  ];
}
