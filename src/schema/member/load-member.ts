import type { Loaders } from "../../loaders/create-loaders";
import type { MemberKey } from "../../stytch/port";
import type { Member } from "../../stytch/types";
import { InternalError } from "../../errors/app-errors";

/** The member, as a plain value when an earlier answer of this request carried it. */
export function loadMember(loaders: Loaders, key: MemberKey): Member | Promise<Member> {
  return loaders.primedMember(key) ?? fetchMember(loaders, key);
}

/** A reference to a member Stytch does not know is a broken invariant, not a client error. */
async function fetchMember(loaders: Loaders, key: MemberKey): Promise<Member> {
  const member = await loaders.memberById.load(key);
  if (!member) throw new InternalError("referenced member not found");
  return member;
}
