import type { Member, Organization } from "../stytch/types";

/**
 * What is withheld about a member and an organization until the caller holds a fully authenticated session
 * there (MfaChallenge, PrimaryAuthRequired, organizations listed for switching but not entered). Someone holding
 * only a primary factor must not learn the phone number to SIM-swap, the identity provider's attributes, or
 * data only the organization's backend may read. A switcher UI keeps what it needs: ids, names, email, status,
 * roles, logo and the authentication and MFA policies (and the SSO connections, to start SSO with).
 */
export const WITHHELD_MEMBER_FIELDS = [
  "mfaPhoneNumber",
  "totpRegistrationId",
  "passwordId",
  "externalId",
  "trustedMetadata",
  "untrustedMetadata",
  "ssoRegistrations",
  "oauthRegistrations",
  "scimRegistration",
  "retiredEmailAddresses",
] as const satisfies readonly (keyof Member)[];

export const WITHHELD_ORGANIZATION_FIELDS = [
  "externalId",
  "trustedMetadata",
  "scimActiveConnection",
  "allowedOauthTenants",
  "customRoles",
  "rbacEmailImplicitRoleAssignments",
] as const satisfies readonly (keyof Organization)[];

type Withheld<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };
/** A member as the schema may show it: the withheld fields may be null. */
export type MemberView = Withheld<Member, (typeof WITHHELD_MEMBER_FIELDS)[number]>;
export type OrganizationView = Withheld<Organization, (typeof WITHHELD_ORGANIZATION_FIELDS)[number]>;

/**
 * Marks a reduced object, so that what hangs off it (Member.organization) is reduced too. Its resolver must take
 * the root as it is (typed by an interface, which type-graphql does not copy into a class instance).
 */
const REDUCED = Symbol("reduced view");

export function reducedMember(member: Member): MemberView {
  return withhold(member, WITHHELD_MEMBER_FIELDS);
}

export function reducedOrganization(organization: Organization): OrganizationView {
  return withhold(organization, WITHHELD_ORGANIZATION_FIELDS);
}

export function isReduced(value: object): boolean {
  return REDUCED in value;
}

/**
 * Reduces the object itself, so it must never be given an object shared across requests. Stytch's answers are
 * parsed afresh for each request, and an object shown reduced once stays reduced for the rest of the request
 * (loaders included). Copying instead cost ~125–300 µs per list of 50 organizations, most of the list's
 * overhead; a prototype-backed view was cheap to make but turned each organization into a prototype, which
 * slowed every read.
 */
function withhold<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Withheld<T, K> {
  if (isReduced(value)) return value as Withheld<T, K>;
  const reduced = value as Record<PropertyKey, unknown>;
  for (const field of fields) reduced[field as PropertyKey] = null;
  reduced[REDUCED] = true;
  return reduced as Withheld<T, K>;
}
