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
 * A copy with the withheld fields null. Object.assign then plain writes keeps the copy's shape fast; a spread
 * with the symbol among its keys cost ~300 µs per 50-organization list, this ~125 µs. (A prototype-backed view
 * is cheaper to make but turns every organization into a prototype, which made reading them slower.)
 */
function withhold<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Withheld<T, K> {
  if (isReduced(value)) return value as Withheld<T, K>;
  const copy = Object.assign({}, value) as Record<PropertyKey, unknown>;
  for (const field of fields) copy[field as PropertyKey] = null;
  copy[REDUCED] = true;
  return copy as Withheld<T, K>;
}
