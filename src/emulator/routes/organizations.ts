import { errors } from "../errors";
import { compileQuery, filter, paginate, type FilterFactory } from "../search";
import type { Organization } from "../types";
import type { EmulatorContext } from "../context";
import type { Handler } from "./route";

// GET /v1/b2b/organizations/{organization_id}: id, slug or external id.
export const getOrganization: Handler = (ctx, { params }) => {
  const org = ctx.store.resolveOrganization(params.organization_id);
  if (!org) throw errors.organizationNotFound();
  return { organization: org };
};

function organizationFilters(ctx: EmulatorContext): Record<string, FilterFactory<Organization>> {
  const liveMemberEmails = (org: Organization) =>
    ctx.store
      .membersOfOrganization(org.organization_id)
      .filter((r) => r.member.status !== "deleted")
      .map((r) => r.member.email_address.toLowerCase());
  return {
    organization_ids: filter("strings", (ids: string[]) => {
      const set = new Set(ids);
      return (org: Organization) => set.has(org.organization_id);
    }),
    organization_slugs: filter("strings", (slugs: string[]) => {
      const set = new Set(slugs);
      return (org: Organization) => set.has(org.organization_slug);
    }),
    organization_name_fuzzy: filter(
      "string",
      (s: string) => (org: Organization) => org.organization_name.toLowerCase().includes(s.toLowerCase()),
    ),
    organization_slug_fuzzy: filter(
      "string",
      (s: string) => (org: Organization) => org.organization_slug.toLowerCase().includes(s.toLowerCase()),
    ),
    member_emails: filter("strings", (emails: string[]) => {
      const set = new Set(emails.map((e) => e.toLowerCase()));
      return (org: Organization) => liveMemberEmails(org).some((e) => set.has(e));
    }),
    member_email_fuzzy: filter(
      "string",
      (s: string) => (org: Organization) => liveMemberEmails(org).some((e) => e.includes(s.toLowerCase())),
    ),
    allowed_domains: filter("strings", (domains: string[]) => {
      const set = new Set(domains.map((d) => d.toLowerCase()));
      return (org: Organization) => org.email_allowed_domains.some((d) => set.has(d.toLowerCase()));
    }),
    claimed_email_domains: filter("strings", (domains: string[]) => {
      const set = new Set(domains.map((d) => d.toLowerCase()));
      return (org: Organization) => org.claimed_email_domains.some((d) => set.has(d.toLowerCase()));
    }),
    has_active_sso_connection: filter(
      "boolean",
      (wanted: boolean) => (org: Organization) => org.sso_active_connections.length > 0 === wanted,
    ),
    sso_connection_id: filter(
      "string",
      (id: string) => (org: Organization) => org.sso_active_connections.some((c) => c.connection_id === id),
    ),
  };
}

// POST /v1/b2b/organizations/search. A query that only names organization_ids is answered from the id
// index (the DataLoader case), without scanning every organization.
export const searchOrganizations: Handler = (ctx, { body }) => {
  const { predicate, filterNames } = compileQuery(
    body.query,
    organizationFilters(ctx),
    "organization_search",
  );
  const operands = (body.query as { operands?: { filter_value: string[] }[] } | undefined)?.operands;
  const candidates =
    filterNames.length === 1 && filterNames[0] === "organization_ids" && operands
      ? ctx.store.organizationsByIds(operands[0].filter_value)
      : ctx.store.orderedOrganizations().filter(predicate);
  const { page, total, nextCursor } = paginate(candidates, body);
  return { organizations: page, results_metadata: { total, next_cursor: nextCursor } };
};
