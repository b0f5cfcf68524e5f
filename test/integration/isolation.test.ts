import { createEmulator, DEV_PROJECT_ID, DEV_SECRET, scalePersonEmail, scaleSeed } from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

const PEOPLE = 200;
let stack: Stack;
beforeAll(async () => {
  const emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({ people: PEOPLE, organizations: 20, membershipsPerPerson: 2 }),
  });
  stack = await startStack({ emulator });
});
afterAll(() => stack.stop());

const QUERY = `
  mutation ($orgId: ID!) {
    exchangeSession(orgId: $orgId) {
      ... on AuthenticatedSession {
        member { email organization { id } }
        session { memberId member { email } organization { id } }
      }
    }
  }`;

describe("isolation under concurrency", () => {
  it(`never gives one member's data to another (${PEOPLE} members, interleaved)`, async () => {
    const people = Array.from({ length: PEOPLE }, (_, j) => {
      const email = scalePersonEmail(j);
      const members = stack.emulator.state.members.filter((member) => member.email_address === email);
      const session = stack.emulator.createSession({ memberId: members[0].member_id });
      return {
        email,
        token: session.sessionToken,
        jwt: session.sessionJwt,
        target: members[1].organization_id,
      };
    });
    // Two requests per person (token and JWT), shuffled so that batches and loaders interleave.
    const requests = people.flatMap((person) => [
      { person, token: person.token },
      { person, token: person.jwt },
    ]);
    requests.sort(() => Math.random() - 0.5);
    const answers = await Promise.all(
      requests.map(async ({ person, token }) => ({
        person,
        answer: await stack.gql(QUERY, { orgId: person.target }, token),
      })),
    );
    for (const { person, answer } of answers) {
      expect(answer.body.errors).toBeUndefined();
      const result = answer.body.data!.exchangeSession as any;
      expect(result.member.email).toBe(person.email);
      expect(result.session.member.email).toBe(person.email);
      expect(result.member.organization.id).toBe(person.target);
      expect(result.session.organization.id).toBe(person.target);
    }
    expect(answers).toHaveLength(2 * PEOPLE);
  });
});
