import type { Loaders } from "../../loaders/create-loaders";
import type { MemberKey } from "../../stytch/port";
import type { Member } from "../../stytch/types";
import { InternalError } from "../../errors/app-errors";

/** A reference to a member Stytch does not know is a broken invariant, not a client error. */
export async function loadMember(loaders: Loaders, key: MemberKey): Promise<Member> {
  const member = await loaders.memberById.load(key);
  if (!member) throw new InternalError("referenced member not found");
  return member;
}
