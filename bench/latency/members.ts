import type { ServerProcess } from "../harness/server-process";

/** The emulator's scale population (scaleSeed): person j is a member of organizations j, j+1, ... (mod). */
export interface Population {
  people: number;
  organizations: number;
  membershipsPerPerson: number;
}

/** A fresh session of one member, as a browser holding its JWT presents it. */
export interface Credential {
  memberId: string;
  organizationId: string;
  sessionId: string;
  jwt: string;
}

/**
 * Member index n: person n mod people, in that person's (n div people)-th organization. People come first, so
 * that a cold run meets every person once before any person's second member, and organizations recur only
 * every `organizations` requests (realistic: many members, far fewer organizations).
 */
export function memberAt(index: number, population: Population): { person: number; organization: number } {
  const { people, organizations, membershipsPerPerson } = population;
  const person = index % people;
  const slot = Math.floor(index / people) % membershipsPerPerson;
  return { person, organization: (person + slot) % organizations };
}

/** The last indices are kept out of every cold cursor: the warm set, then the start-up checks' members. */
const RESERVED = 64;

/**
 * Every member of the population, minted into fresh sessions by the emulator's process on demand: JWTs live
 * 5 minutes, so each phase mints its own right before it runs.
 */
export class MemberSpace {
  readonly size: number;

  constructor(
    private readonly emulator: ServerProcess,
    population: Population,
  ) {
    this.size = population.people * population.membershipsPerPerson;
  }

  /** Fresh sessions of members [from, to). */
  mint(from: number, to: number): Promise<Credential[]> {
    return this.emulator.ask<Credential[]>(`mint:${from}:${to}`);
  }

  /** The warm set: the same `count` members every time (fresh sessions of them). */
  warmSet(count: number): Promise<Credential[]> {
    return this.mint(this.size - count, this.size);
  }

  /** A member no cursor or warm set uses, for checking answers at start-up. */
  async checkMember(k: number): Promise<Credential> {
    const index = this.size - RESERVED + k;
    return (await this.mint(index, index + 1))[0];
  }

  /** One per server process: members that process has never seen. */
  coldCursor(): ColdCursor {
    return new ColdCursor(this, this.size - RESERVED);
  }
}

export class ColdCursor {
  private next = 0;

  constructor(
    private readonly space: MemberSpace,
    private readonly limit: number,
  ) {}

  /** `count` members never handed out by this cursor before. */
  take(count: number): Promise<Credential[]> {
    const from = this.next;
    this.next += count;
    if (this.next > this.limit) {
      throw new Error(`cold members used up (${this.next} > ${this.limit}): seed more people`);
    }
    return this.space.mint(from, this.next);
  }

  get used(): number {
    return this.next;
  }
}
