import {
  createEmulator,
  DEMO,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scalePersonEmail,
  scaleSeed,
} from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

const JWKS = "/v1/b2b/sessions/jwks/{project_id}";
const WIDE_ORGS = 50;
let stack: Stack;
beforeAll(async () => {
  const emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({ people: 2, organizations: WIDE_ORGS, membershipsPerPerson: WIDE_ORGS }),
  });
  stack = await startStack({ emulator });
});
afterAll(() => stack.stop());

const SESSION_ONLY = `{ viewer { session { id memberId organizationId expiresAt roles authenticationFactors { type } } } }`;
const apiCalls = () => stack.emulator.requestLog().filter((entry) => entry.route !== JWKS);

describe("viewer", () => {
  it("is null without a session, with garbage, and with a revoked session", async () => {
    const revoked = stack.emulator.createSession({ memberId: DEMO.people.bob.members.acme });
    await stack.gql("mutation { signOut }", {}, revoked.sessionToken);
    for (const token of [undefined, "not a token", "x".repeat(44), revoked.sessionToken]) {
      const { body } = await stack.gql(SESSION_ONLY, {}, token);
      expect(body).toEqual({ data: { viewer: null } });
    }
  });

  it("verifies a valid JWT locally: 0 Stytch API calls over 1,000 requests, the JWKS fetched at most once", async () => {
    const { sessionJwt, memberId } = stack.emulator.demoSessions.ada;
    stack.emulator.clearRequestLog();
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => stack.gql(SESSION_ONLY, {}, sessionJwt)),
      );
      for (const { body } of answers) expect((body.data!.viewer as any).session.memberId).toBe(memberId);
    }
    expect(apiCalls()).toEqual([]);
    expect(stack.emulator.requestLog().filter((entry) => entry.route === JWKS).length).toBeLessThanOrEqual(1);
  });

  it("authenticates an opaque token (or an expired JWT) with Stytch, once for all fields", async () => {
    stack.emulator.clearRequestLog();
    const { body } = await stack.gql(
      `{ viewer { member { email organization { slug } } organization { slug } session { member { id } organization { id } } } }`,
      {},
      stack.emulator.demoSessions.ada.sessionToken,
    );
    expect(body.data!.viewer).toMatchObject({
      member: { email: DEMO.people.ada.email, organization: { slug: "acme" } },
      organization: { slug: "acme" },
    });
    expect(apiCalls().map((entry) => entry.route)).toEqual(["/v1/b2b/sessions/authenticate"]);
  });

  it("lists the switchable organizations of a member of 50, with one Stytch call", async () => {
    const email = scalePersonEmail(0);
    const member = stack.emulator.state.members.find((m) => m.email_address === email)!;
    const { sessionJwt } = stack.emulator.createSession({ memberId: member.member_id });
    stack.emulator.clearRequestLog();
    const { body } = await stack.gql(
      `{ viewer { organizations { organization { name } member { roles { roleId } organization { id } } membership isCurrent nextStep } } }`,
      {},
      sessionJwt,
    );
    expect(body.errors).toBeUndefined();
    const organizations = (body.data!.viewer as any).organizations as any[];
    expect(organizations).toHaveLength(WIDE_ORGS);
    expect(organizations.filter((entry) => entry.isCurrent)).toHaveLength(1);
    for (const entry of organizations) {
      expect(entry.member.roles.length).toBeGreaterThan(0);
      expect(entry).toMatchObject({ membership: "active_member", nextStep: "AUTHENTICATED" });
    }
    expect(apiCalls().map((entry) => entry.route)).toEqual(["/v1/b2b/discovery/organizations"]);
  });

  it("predicts each organization's next step for Ada without sending any SMS", async () => {
    const ada = stack.emulator.createSession({ memberId: DEMO.people.ada.members.acme });
    const { body } = await stack.gql(
      `{ viewer { organizations { organization { slug } membership isCurrent nextStep } } }`,
      {},
      ada.sessionJwt,
    );
    const bySlug = Object.fromEntries(
      ((body.data!.viewer as any).organizations as any[]).map((entry) => [entry.organization.slug, entry]),
    );
    expect(bySlug.acme).toMatchObject({ isCurrent: true, nextStep: "AUTHENTICATED" });
    expect(bySlug.globex).toMatchObject({ isCurrent: false, nextStep: "MFA_REQUIRED" });
    expect(bySlug.umbrella).toMatchObject({ nextStep: "MFA_REQUIRED" });
    expect(bySlug.initech).toMatchObject({ nextStep: "PRIMARY_AUTH_REQUIRED" });
    expect(bySlug.hooli).toMatchObject({ membership: "invited_member", nextStep: "AUTHENTICATED" });
    expect(stack.emulator.lastSmsCode(DEMO.people.ada.members.globex)).toBeUndefined();
  });
});
