import type { Loaders } from "../../loaders/create-loaders";
import type { Organization } from "../../stytch/types";
import { InternalError } from "../../errors/app-errors";

/** A reference to an organization Stytch does not know is a broken invariant, not a client error. */
export async function loadOrganization(loaders: Loaders, organizationId: string): Promise<Organization> {
  const organization = await loaders.organizationById.load(organizationId);
  if (!organization) throw new InternalError("referenced organization not found");
  return organization;
}
