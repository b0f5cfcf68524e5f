import { scaleMemberId, scaleOrganizationId } from "../../../src/emulator";
import type { Population } from "../members";

/**
 * Who every scale member is (person, organization), by member id: the seed's ids are hashes of names, so the
 * upstream works them out once at start-up instead of receiving 40,000 of them over IPC.
 */
export class Directory {
  private readonly byMemberId = new Map<string, number>();
  private readonly memberIds: string[] = [];
  private readonly organizationIndexes = new Map<string, number>();
  readonly organizationIds: string[];

  constructor(private readonly population: Population) {
    const { people, organizations, membershipsPerPerson } = population;
    this.organizationIds = Array.from({ length: organizations }, (_, i) => scaleOrganizationId(i));
    this.organizationIds.forEach((id, i) => this.organizationIndexes.set(id, i));
    for (let person = 0; person < people; person++) {
      for (let slot = 0; slot < membershipsPerPerson; slot++) {
        const id = scaleMemberId(person, (person + slot) % organizations);
        this.byMemberId.set(id, this.memberIds.length);
        this.memberIds.push(id);
      }
    }
  }

  /** The person and organization of a scale member, or undefined for anyone else (e.g. Ada). */
  find(memberId: string): { person: number; organization: number } | undefined {
    const index = this.byMemberId.get(memberId);
    if (index === undefined) return undefined;
    const { membershipsPerPerson, organizations } = this.population;
    const person = Math.floor(index / membershipsPerPerson);
    return { person, organization: (person + (index % membershipsPerPerson)) % organizations };
  }

  /** The person's memberships in seed order: [organization index, member id]. */
  membershipsOf(person: number): Array<[number, string]> {
    const { membershipsPerPerson, organizations } = this.population;
    return Array.from({ length: membershipsPerPerson }, (_, slot) => [
      (person + slot) % organizations,
      this.memberIds[person * membershipsPerPerson + slot],
    ]);
  }

  /** A scale organization's index, or undefined for any other organization. */
  organizationIndex(organizationId: string): number | undefined {
    return this.organizationIndexes.get(organizationId);
  }
}
