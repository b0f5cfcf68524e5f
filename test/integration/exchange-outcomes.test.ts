import { DEMO } from "../../src/emulator";
import { EXCHANGE_BRIEF, EXCHANGE_FULL } from "../support/operations";
import { expectNoLeak } from "../support/leaks";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const ada = () => stack.emulator.demoSessions.ada;
const bob = () => stack.emulator.demoSessions.bob;

describe("exchangeSession outcomes (BFF → adapter → emulator over HTTP)", () => {
  it("switches into a plain organization: AuthenticatedSession with a new session there", async () => {
    const { body, text } = await stack.gql(
      EXCHANGE_BRIEF,
      { orgId: DEMO.organizations.hooli.id },
      ada().sessionToken,
    );
    expect(body.errors).toBeUndefined();
    const result = body.data!.exchangeSession as Record<string, any>;
    expect(result.__typename).toBe("AuthenticatedSession");
    expect(result.organization.slug).toBe("hooli");
    expect(result.member).toMatchObject({ id: DEMO.people.ada.members.hooli, email: DEMO.people.ada.email });
    expect(result.session.organizationId).toBe(DEMO.organizations.hooli.id);
    expect(result.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(result.sessionJwt.split(".")).toHaveLength(3);
    expect(result.sessionToken).not.toBe(ada().sessionToken);
    expectNoLeak(text);
  });

  it("accepts an organization slug or external id as orgId", async () => {
    for (const orgId of ["acme", DEMO.organizations.acme.externalId]) {
      const { body } = await stack.gql(EXCHANGE_BRIEF, { orgId }, ada().sessionToken);
      expect((body.data!.exchangeSession as any).organization.id).toBe(DEMO.organizations.acme.id);
    }
  });

  it("answers MfaChallenge for an MFA-required organization, with the SMS already sent", async () => {
    const { body } = await stack.gql(EXCHANGE_BRIEF, { orgId: "globex" }, ada().sessionToken);
    const result = body.data!.exchangeSession as Record<string, any>;
    expect(result).toMatchObject({
      __typename: "MfaChallenge",
      phoneNumber: DEMO.people.ada.maskedPhoneNumber,
      smsCodeSent: true,
      totpRegistered: false,
      availableMethods: ["SMS_OTP"],
    });
    expect(result.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const expiresIn = Date.parse(result.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000 + 1000);
    expect(stack.emulator.lastSmsCode(DEMO.people.ada.members.globex)?.code).toMatch(/^\d{6}$/);
  });

  it("answers MfaChallenge offering TOTP and recovery codes where SMS is not allowed", async () => {
    const { body } = await stack.gql(EXCHANGE_BRIEF, { orgId: "umbrella" }, ada().sessionToken);
    expect(body.data!.exchangeSession).toMatchObject({
      __typename: "MfaChallenge",
      totpRegistered: true,
      smsCodeSent: false,
      phoneNumber: null,
      availableMethods: ["TOTP", "RECOVERY_CODE"],
    });
  });

  it("answers MfaChallenge with no method for a member who has enrolled none", async () => {
    const { body } = await stack.gql(EXCHANGE_BRIEF, { orgId: "globex" }, bob().sessionToken);
    expect(body.data!.exchangeSession).toMatchObject({
      __typename: "MfaChallenge",
      smsCodeSent: false,
      totpRegistered: false,
      availableMethods: [],
    });
  });

  it("answers PrimaryAuthRequired for an SSO-only organization", async () => {
    const { body } = await stack.gql(EXCHANGE_BRIEF, { orgId: "initech" }, ada().sessionToken);
    const result = body.data!.exchangeSession as Record<string, any>;
    expect(result).toMatchObject({ __typename: "PrimaryAuthRequired", allowedAuthMethods: ["sso"] });
    expect(result.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("resolves every field, loader-backed ones included, with exactly one Stytch call", async () => {
    const results: Record<string, Record<string, any>> = {};
    for (const [orgId, typename] of [
      ["hooli", "AuthenticatedSession"],
      ["globex", "MfaChallenge"],
      ["initech", "PrimaryAuthRequired"],
    ]) {
      stack.emulator.reset();
      stack.emulator.clearRequestLog();
      const { body } = await stack.gql(EXCHANGE_FULL, { orgId }, ada().sessionToken);
      expect(body.errors).toBeUndefined();
      const result = body.data!.exchangeSession as Record<string, any>;
      expect(result.__typename).toBe(typename);
      expect(result.member.organization.id).toBe(result.organization.id);
      const calls = stack.emulator.requestLog().map((entry) => entry.route);
      expect(calls).toEqual(["/v1/b2b/sessions/exchange"]);
      results[orgId] = result;
    }
    // The session's own fields, which only an authenticated outcome has.
    const { session, member } = results.hooli;
    expect(session.member.id).toBe(member.id);
    expect(session.organization.slug).toBe("hooli");
    expect(session.authenticationFactors.length).toBeGreaterThan(0);
  });

  it("makes every field of the seed's richest organization and member reachable", async () => {
    const { body } = await stack.gql(EXCHANGE_FULL, { orgId: "acme" }, ada().sessionToken);
    const result = body.data!.exchangeSession as Record<string, any>;
    expect(result.organization.customRoles[0].permissions[0].actions.length).toBeGreaterThan(0);
    expect(result.organization.ssoActiveConnections[0].connectionId).toBe(
      DEMO.organizations.acme.ssoConnectionId,
    );
    expect(result.organization.externalId).toBe(DEMO.organizations.acme.externalId);
    const sources = result.member.roles.flatMap((role: any) =>
      role.sources.map((source: any) => source.type),
    );
    expect(sources).toEqual(expect.arrayContaining(["direct_assignment", "email_assignment"]));
    expect(result.member.oauthRegistrations.length).toBeGreaterThan(0);
    expect(result.session.authenticationFactors[0]).toMatchObject({
      type: "magic_link",
      deliveryMethod: "email",
    });
  });
});
