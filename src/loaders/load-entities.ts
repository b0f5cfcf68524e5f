import type { MemberKey } from "../stytch/port";
import type { Member, Organization } from "../stytch/types";
import { InternalError } from "../errors/app-errors";
import type { Loaders } from "./create-loaders";

/** The member, as a plain value when an earlier answer of this request carried it. */
export function loadMember(loaders: Loaders, key: MemberKey): Member | Promise<Member> {
  const member = loaders.memberById.get(key);
  return member instanceof Promise ? member.then(found) : member;
}

/** The organization, as a plain value when an earlier answer of this request carried it. */
export function loadOrganization(loaders: Loaders, id: string): Organization | Promise<Organization> {
  const organization = loaders.organizationById.get(id);
  return organization instanceof Promise ? organization.then(found) : organization;
}

/** A reference to a member or organization Stytch does not know is a broken invariant, not a client error. */
function found<V>(value: V | null): V {
  if (value === null) throw new InternalError("referenced object not found");
  return value;
}
