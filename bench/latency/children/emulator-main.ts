import {
  createEmulator,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scaleMemberId,
  scaleSeed,
  type Emulator,
} from "../../../src/emulator";
import { runChild } from "../../children/ipc";
import { memberAt, type Credential, type Population } from "../members";

/**
 * The emulator in a process of its own: 40,000 seeded members weigh some 250 MB, and in the load generator's
 * heap their garbage collection would pause the clock that times every answer. It answers Stytch's API over
 * HTTP (for recording) and mints fresh sessions on request (`mint:<from>:<to>`, member indices).
 */
export interface EmulatorInit {
  population: Population;
}

let emulator: Emulator | undefined;
let population: Population | undefined;

runChild<EmulatorInit>(
  async (init) => {
    population = init.population;
    emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET, seed: scaleSeed(population) });
    return (await emulator.start({ port: 0 })).port;
  },
  (query) => {
    const [what, from, to] = query.split(":");
    if (what === "ada") return { sessionToken: emulator!.demoSessions.ada.sessionToken };
    if (what !== "mint") return null;
    const minted: Credential[] = [];
    for (let index = Number(from); index < Number(to); index++) {
      const { person, organization } = memberAt(index, population!);
      const session = emulator!.createSession({ memberId: scaleMemberId(person, organization) });
      minted.push({
        memberId: session.memberId,
        organizationId: session.organizationId,
        sessionId: session.memberSessionId,
        jwt: session.sessionJwt,
      });
    }
    return minted;
  },
);
