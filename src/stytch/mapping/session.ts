import type {
  AuthenticationFactor,
  DeviceAttributeDetails,
  DeviceInfo,
  JsonObject,
  MemberSession,
} from "../types";
import {
  camelCase,
  camelizeKeys,
  list,
  optionalDate,
  optionalObject,
  optionalString,
  requireDate,
  requireObject,
  requireString,
  stringOrEmpty,
  strings,
} from "./wire-values";

export function toMemberSession(wire: unknown): MemberSession {
  const s = requireObject(wire, "member_session");
  return {
    id: requireString(s.member_session_id, "member_session.member_session_id"),
    memberId: requireString(s.member_id, "member_session.member_id"),
    organizationId: requireString(s.organization_id, "member_session.organization_id"),
    organizationSlug: stringOrEmpty(s.organization_slug),
    startedAt: requireDate(s.started_at, "member_session.started_at"),
    lastAccessedAt: requireDate(s.last_accessed_at, "member_session.last_accessed_at"),
    expiresAt: requireDate(s.expires_at, "member_session.expires_at"),
    roles: strings(s.roles),
    authenticationFactors: list(s.authentication_factors, toAuthenticationFactor),
    customClaims: optionalObject(s.custom_claims),
  };
}

function toAuthenticationFactor(f: Record<string, unknown>): AuthenticationFactor {
  const details: JsonObject = {};
  for (const [key, value] of Object.entries(f)) {
    if (key.endsWith("_factor") && value !== null && value !== undefined) {
      details[camelCase(key)] = camelizeKeys(value);
    }
  }
  const email = optionalObject(f.email_factor);
  const phone = optionalObject(f.phone_number_factor);
  return {
    type: stringOrEmpty(f.type),
    deliveryMethod: stringOrEmpty(f.delivery_method),
    lastAuthenticatedAt: optionalDate(f.last_authenticated_at),
    createdAt: optionalDate(f.created_at),
    updatedAt: optionalDate(f.updated_at),
    emailAddress: optionalString(email?.email_address),
    phoneNumber: optionalString(phone?.phone_number),
    details: Object.keys(details).length > 0 ? details : null,
  };
}

export function toDeviceInfo(wire: unknown): DeviceInfo | null {
  const d = optionalObject(wire);
  if (!d || typeof d.visitor_id !== "string") return null;
  return {
    visitorId: d.visitor_id,
    visitorIdDetails: toDetails(d.visitor_id_details),
    ipAddress: optionalString(d.ip_address),
    ipAddressDetails: toDetails(d.ip_address_details),
    ipGeoCity: optionalString(d.ip_geo_city),
    ipGeoRegion: optionalString(d.ip_geo_region),
    ipGeoCountry: optionalString(d.ip_geo_country),
    ipGeoCountryDetails: toDetails(d.ip_geo_country_details),
  };
}

function toDetails(wire: unknown): DeviceAttributeDetails | null {
  const d = optionalObject(wire);
  if (!d) return null;
  return {
    isNew: d.is_new === true,
    firstSeenAt: optionalDate(d.first_seen_at),
    lastSeenAt: optionalDate(d.last_seen_at),
  };
}
