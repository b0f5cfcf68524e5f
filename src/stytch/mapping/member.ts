import type { Member } from "../types";
import {
  list,
  optionalDate,
  optionalObject,
  optionalString,
  requireObject,
  requireString,
  stringOrEmpty,
} from "./wire-values";

export function toMember(wire: unknown): Member {
  const m = requireObject(wire, "member");
  const scim = optionalObject(m.scim_registration);
  return {
    id: requireString(m.member_id, "member.member_id"),
    organizationId: requireString(m.organization_id, "member.organization_id"),
    email: stringOrEmpty(m.email_address),
    emailVerified: m.email_address_verified === true,
    name: stringOrEmpty(m.name),
    status: stringOrEmpty(m.status),
    isAdmin: m.is_admin === true,
    isBreakglass: m.is_breakglass === true,
    isLocked: m.is_locked === true,
    lockCreatedAt: optionalDate(m.lock_created_at),
    lockExpiresAt: optionalDate(m.lock_expires_at),
    mfaEnrolled: m.mfa_enrolled === true,
    mfaPhoneNumber: optionalString(m.mfa_phone_number),
    mfaPhoneNumberVerified: m.mfa_phone_number_verified === true,
    defaultMfaMethod: optionalString(m.default_mfa_method),
    totpRegistrationId: optionalString(m.totp_registration_id),
    passwordId: optionalString(m.member_password_id),
    roles: list(m.roles, (r) => ({
      roleId: stringOrEmpty(r.role_id),
      sources: list(r.sources, (s) => ({ type: stringOrEmpty(s.type), details: optionalObject(s.details) })),
    })),
    ssoRegistrations: list(m.sso_registrations, (r) => ({
      connectionId: stringOrEmpty(r.connection_id),
      externalId: stringOrEmpty(r.external_id),
      registrationId: stringOrEmpty(r.registration_id),
      ssoAttributes: optionalObject(r.sso_attributes),
    })),
    oauthRegistrations: list(m.oauth_registrations, (r) => ({
      providerType: stringOrEmpty(r.provider_type),
      providerSubject: stringOrEmpty(r.provider_subject),
      registrationId: stringOrEmpty(r.member_oauth_registration_id),
      profilePictureUrl: optionalString(r.profile_picture_url),
      locale: optionalString(r.locale),
    })),
    scimRegistration: scim && {
      connectionId: stringOrEmpty(scim.connection_id),
      registrationId: stringOrEmpty(scim.registration_id),
      externalId: optionalString(scim.external_id),
      scimAttributes: optionalObject(scim.scim_attributes),
    },
    retiredEmailAddresses: list(m.retired_email_addresses, (e) => ({
      emailId: stringOrEmpty(e.email_id),
      emailAddress: stringOrEmpty(e.email_address),
    })),
    externalId: optionalString(m.external_id),
    trustedMetadata: optionalObject(m.trusted_metadata),
    untrustedMetadata: optionalObject(m.untrusted_metadata),
    createdAt: optionalDate(m.created_at),
    updatedAt: optionalDate(m.updated_at),
  };
}
