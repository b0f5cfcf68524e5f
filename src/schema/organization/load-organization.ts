import type { Loaders } from "../../loaders/create-loaders";
import type { Organization } from "../../stytch/types";
import { InternalError } from "../../errors/app-errors";

/** The organization, as a plain value when an earlier answer of this request carried it. */
export function loadOrganization(
  loaders: Loaders,
  organizationId: string,
): Organization | Promise<Organization> {
  return loaders.primedOrganization(organizationId) ?? fetchOrganization(loaders, organizationId);
}

/** A reference to an organization Stytch does not know is a broken invariant, not a client error. */
async function fetchOrganization(loaders: Loaders, organizationId: string): Promise<Organization> {
  const organization = await loaders.organizationById.load(organizationId);
  if (!organization) throw new InternalError("referenced organization not found");
  return organization;
}
