import { errors, StytchApiError } from "../errors";
import { compileQuery, filter, paginate, type FilterFactory } from "../search";
import type { MemberRecord } from "../store";
import type { Member, Organization } from "../types";
import type { Handler } from "./route";

// GET /v1/b2b/organizations/{organization_id}/member?member_id=&email_address=
export const getMember: Handler = (ctx, { params, query }) => {
  const org = ctx.store.resolveOrganization(params.organization_id);
  if (!org) throw errors.organizationNotFound();
  const memberId = query.get("member_id") || undefined;
  const email = query.get("email_address") || undefined;
  if ((memberId === undefined) === (email === undefined)) {
    throw new StytchApiError(
      400,
      "invalid_member_get_fields",
      "Exactly one of member_id or email_address is required.",
    );
  }
  const record =
    memberId !== undefined
      ? ctx.store.memberInOrganization(org.organization_id, memberId)
      : ctx.store.memberOfPersonIn(email as string, org.organization_id);
  if (!record || record.member.status === "deleted") throw errors.memberNotFound();
  return { member_id: record.member.member_id, member: record.member, organization: org };
};

const memberFilters: Record<string, FilterFactory<MemberRecord>> = {
  member_ids: filter("strings", (ids: string[]) => {
    const set = new Set(ids);
    return (r: MemberRecord) => set.has(r.member.member_id);
  }),
  member_emails: filter("strings", (emails: string[]) => {
    const set = new Set(emails.map((e) => e.toLowerCase()));
    return (r: MemberRecord) => set.has(r.member.email_address.toLowerCase());
  }),
  member_email_fuzzy: filter("string", (s: string) => {
    if (s.length < 3) {
      throw new StytchApiError(
        400,
        "member_search_member_email_fuzzy_too_short",
        "Fuzzy filters need 3 characters.",
      );
    }
    return (r: MemberRecord) => r.member.email_address.toLowerCase().includes(s.toLowerCase());
  }),
  member_is_breakglass: filter("boolean", (b: boolean) => (r: MemberRecord) => r.member.is_breakglass === b),
  statuses: filter("strings", (statuses: string[]) => {
    const set = new Set(statuses);
    return (r: MemberRecord) => set.has(r.member.status);
  }),
  member_phone_numbers: filter("strings", (phones: string[]) => {
    const set = new Set(phones);
    return (r: MemberRecord) => set.has(r.member.mfa_phone_number);
  }),
  member_phone_number_fuzzy: filter(
    "string",
    (s: string) => (r: MemberRecord) => r.member.mfa_phone_number.includes(s),
  ),
};

// POST /v1/b2b/organizations/members/search. Unknown organization ids are ignored; deleted members are left
// out unless a `statuses` filter asks for them. `organizations` maps the returned members' orgs by id.
export const searchMembers: Handler = (ctx, { body }) => {
  const orgIds = body.organization_ids;
  if (!Array.isArray(orgIds) || orgIds.length === 0) {
    throw new StytchApiError(
      400,
      "member_search_organization_ids_empty",
      "organization_ids must not be empty.",
    );
  }
  if (!orgIds.every((id) => typeof id === "string")) {
    throw new StytchApiError(
      400,
      "member_search_expected_array_of_strings",
      "organization_ids must be strings.",
    );
  }
  const { predicate, filterNames } = compileQuery(body.query, memberFilters, "member_search");
  const includeDeleted = filterNames.includes("statuses");
  const candidates: MemberRecord[] = [];
  for (const id of new Set(orgIds as string[])) {
    const org = ctx.store.resolveOrganization(id);
    if (!org) continue;
    for (const record of ctx.store.membersOfOrganization(org.organization_id)) {
      if ((includeDeleted || record.member.status !== "deleted") && predicate(record))
        candidates.push(record);
    }
  }
  const { page, total, nextCursor } = paginate(candidates, body);
  const members: Member[] = page.map((r) => r.member);
  const organizations: Record<string, Organization> = {};
  for (const m of members)
    organizations[m.organization_id] ??= ctx.store.requireOrganization(m.organization_id);
  return { members, results_metadata: { total, next_cursor: nextCursor }, organizations };
};
