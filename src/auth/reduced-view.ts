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
 * Marks a reduced object, so that what hangs off it (Member.organization) is reduced too. A symbol property
 * rather than a WeakSet: type-graphql copies a field resolver's root into a new class instance (own
 * enumerable properties, symbols included), so identity does not survive but the mark does.
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

function withhold<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Withheld<T, K> {
  if (isReduced(value)) return value as Withheld<T, K>;
  const copy = { ...value, [REDUCED]: true } as Withheld<T, K>;
  for (const field of fields) (copy as Record<K, unknown>)[field] = null;
  return copy;
}
