import type { DiscoveredOrganization, Member, Organization } from "../stytch/types";

/**
 * Snapshots are kept as JSON text: a store shared by replicas holds strings, and every read then parses objects
 * of its own, which a request may reduce in place (src/auth/reduced-view.ts) without touching another's. JSON
 * turns Dates into strings; these put them back, field by field (a generic reviver would also turn a
 * `createdAt` inside someone's metadata into a Date).
 */
export const encodeSnapshot = (value: unknown): string => JSON.stringify(value);

export function decodeMember(text: string): Member {
  return reviveMember(JSON.parse(text) as Member);
}

export function decodeOrganization(text: string): Organization {
  return reviveOrganization(JSON.parse(text) as Organization);
}

export function decodeDiscovery(text: string): DiscoveredOrganization[] {
  const entries = JSON.parse(text) as DiscoveredOrganization[];
  for (const entry of entries) {
    reviveOrganization(entry.organization);
    if (entry.member) reviveMember(entry.member);
  }
  return entries;
}

function reviveMember(member: Member): Member {
  member.lockCreatedAt = toDate(member.lockCreatedAt);
  member.lockExpiresAt = toDate(member.lockExpiresAt);
  member.createdAt = toDate(member.createdAt);
  member.updatedAt = toDate(member.updatedAt);
  return member;
}

function reviveOrganization(organization: Organization): Organization {
  organization.createdAt = toDate(organization.createdAt);
  organization.updatedAt = toDate(organization.updatedAt);
  const scim = organization.scimActiveConnection;
  if (scim) scim.bearerTokenExpiresAt = toDate(scim.bearerTokenExpiresAt);
  return organization;
}

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}
