import type { EmulatorContext } from "../context";
import { rfc3339 } from "../clock";
import type { MemberRecord } from "../store";

/**
 * An invited or pending member becomes active once fully authenticated into the organization (exchange
 * success or completed MFA): Stytch says exchange "can be used to accept an invite".
 */
export function activateMember(ctx: EmulatorContext, record: MemberRecord): void {
  const member = record.member;
  if (member.status === "invited" || member.status === "pending") {
    member.status = "active";
    member.email_address_verified = true;
    member.updated_at = rfc3339(ctx.clock());
  }
}
