import type { EmulatorContext } from "../context";
import { errors } from "../errors";
import { allowedAuthMethods } from "../policy";
import type { MemberRecord } from "../store";
import type { Organization } from "../types";
import { emailAddress, requiredString, type Body } from "../validate";

// Who an organization-scoped email sign-in (email OTP or magic link, send or authenticate) is for.

export interface EmailLoginTarget {
  org: Organization;
  record: MemberRecord;
  emailAddress: string;
}

/**
 * The organization (id, slug or external id), which must allow the method, and the member with that email
 * in it. No member → `member_not_found`: the emulator does not sign up new members (no JIT provisioning),
 * where Stytch would create a pending one when the organization's email settings allow it.
 */
export function emailLoginTarget(
  ctx: EmulatorContext,
  body: Body,
  method: "email_otp" | "magic_link",
): EmailLoginTarget {
  const organizationId = requiredString(body, "organization_id");
  const email = emailAddress(body);
  const org = ctx.store.resolveOrganization(organizationId);
  if (!org) throw errors.organizationNotFound();
  assertAuthMethodAllowed(org, method);
  const record = ctx.store.memberOfPersonIn(email, org.organization_id);
  if (!record) throw errors.memberNotFound();
  return { org, record, emailAddress: email };
}

export function assertAuthMethodAllowed(org: Organization, method: string): void {
  if (!allowedAuthMethods(org).includes(method)) throw errors.authMethodRestricted(method);
}

/** The answer of login_or_signup sends: the member is never created here (`member_created: false`). */
export function loginOrSignupFields({ org, record }: EmailLoginTarget) {
  return {
    member_id: record.member.member_id,
    member_created: false,
    member: record.member,
    organization: org,
  };
}

/** Stytch's expiry fields are per kind of email: an active member gets a login email, others signup. */
export const expirationFieldFor = (record: MemberRecord) =>
  record.member.status === "active" ? "login_expiration_minutes" : "signup_expiration_minutes";
