import { Agent, request } from "undici";
import { createEmulator, DEV_PROJECT_ID, DEV_SECRET, scalePersonEmail, scaleSeed } from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

const PEOPLE = 120;
const REQUESTS = 10_000;
const CONCURRENCY = 100;
const UNHURRIED_MS = 60_000;

let stack: Stack;
beforeAll(async () => {
  const emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({ people: PEOPLE, organizations: 30, membershipsPerPerson: 2 }),
  });
  // What this proves is isolation (no answer lost, none for someone else), not speed: deadlines far beyond
  // any stall of a busy machine running other test files beside this one, so that no call times out.
  stack = await startStack({
    emulator,
    logLevel: "warn",
    deadlineMs: UNHURRIED_MS,
    requestBudgetMs: UNHURRIED_MS,
  });
});
afterAll(() => stack.stop());

interface Person {
  email: string;
  sessionJwt: string;
  sessionToken: string;
  memberId: string;
  target: { organizationId: string; memberId: string };
}

const VIEWER = JSON.stringify({ query: "{ viewer { session { memberId } member { email } } }" });
const exchangeBody = (orgId: string) =>
  JSON.stringify({
    query: `mutation ($o: ID!) { exchangeSession(orgId: $o) { ... on AuthenticatedSession { member { id email } session { memberId member { email } } } } }`,
    variables: { o: orgId },
  });

/** The member id a session JWT was issued for (its `sub`), read without verifying: only to compare. */
function jwtSubject(jwt: string): string {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()).sub;
}

describe("isolation under load", () => {
  it(`${REQUESTS} requests from ${PEOPLE} members at concurrency ${CONCURRENCY}: none lost, none crossed`, async () => {
    const people: Person[] = Array.from({ length: PEOPLE }, (_, j) => {
      const email = scalePersonEmail(j);
      const [home, other] = stack.emulator.state.members.filter((member) => member.email_address === email);
      const session = stack.emulator.createSession({ memberId: home.member_id });
      return {
        email,
        sessionJwt: session.sessionJwt,
        sessionToken: session.sessionToken,
        memberId: home.member_id,
        target: { organizationId: other.organization_id, memberId: other.member_id },
      };
    });
    const agent = new Agent({ connections: CONCURRENCY });
    const problems: string[] = [];
    let answered = 0;
    let next = 0;

    async function one(i: number): Promise<void> {
      const person = people[i % PEOPLE];
      const viaCookie = i % 2 === 0;
      const { statusCode, headers, body } = await request(stack.url, {
        dispatcher: agent,
        method: "POST",
        headers: viaCookie
          ? { "content-type": "application/json", cookie: `stytch_session=${person.sessionToken}` }
          : { "content-type": "application/json", authorization: `Bearer ${person.sessionJwt}` },
        body: viaCookie ? exchangeBody(person.target.organizationId) : VIEWER,
      });
      const answer = (await body.json()) as any;
      answered++;
      if (statusCode !== 200 || answer.errors)
        return void problems.push(`${i}: ${statusCode} ${JSON.stringify(answer.errors)}`);
      if (viaCookie) {
        const result = answer.data.exchangeSession;
        if (result.member.email !== person.email || result.session.member.email !== person.email)
          problems.push(`${i}: body of ${result.member.email}`);
        if (result.member.id !== person.target.memberId) problems.push(`${i}: member ${result.member.id}`);
        const cookies = ([] as string[]).concat(headers["set-cookie"] ?? []);
        const jwtCookie = cookies.find((cookie) => cookie.startsWith("stytch_session_jwt="));
        const jwt = jwtCookie?.split(";")[0].slice("stytch_session_jwt=".length) ?? "";
        if (!jwt || jwtSubject(jwt) !== person.target.memberId)
          problems.push(`${i}: cookie for ${jwt && jwtSubject(jwt)}`);
      } else {
        const viewer = answer.data.viewer;
        if (viewer?.session.memberId !== person.memberId || viewer?.member.email !== person.email)
          problems.push(`${i}: viewer ${JSON.stringify(viewer)}`);
      }
    }

    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        try {
          await one(i);
        } catch (error) {
          problems.push(`${i}: lost (${(error as Error).message})`);
        }
      }
    });
    await Promise.all(workers);
    await agent.close();
    expect(problems.slice(0, 10)).toEqual([]);
    expect(answered).toBe(REQUESTS);
  }, 240_000);
});
