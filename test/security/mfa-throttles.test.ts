import { DEMO } from "../../src/emulator";
import { startStack, type Stack, type GraphQLAnswer } from "../support/start-stack";

/**
 * What an attacker holding one primary factor did to the review build: 15 resends sent 15 SMS, 10 switches
 * into an MFA organization sent 10, 200 wrong codes were all forwarded and the right one still worked. Each
 * limit must refuse before Stytch is asked.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const ada = () => stack.emulator.demoSessions.ada.sessionToken;
const calls = (route: string) => stack.emulator.requestLog().filter((entry) => entry.route === route).length;
const SEND = "/v1/b2b/otps/sms/send";
const EXCHANGE = "/v1/b2b/sessions/exchange";
const CHECK = "/v1/b2b/otps/sms/authenticate";

async function switchToGlobex(token = ada()) {
  const answer = await stack.gql(
    `mutation { exchangeSession(orgId: "globex") {
      __typename ... on MfaChallenge { intermediateSessionToken smsCodeSent member { id } organization { id } }
    } }`,
    {},
    token,
  );
  return answer.body.data?.exchangeSession as
    | {
        intermediateSessionToken: string;
        smsCodeSent: boolean;
        member: { id: string };
        organization: { id: string };
      }
    | undefined;
}

const resend = (step: {
  intermediateSessionToken: string;
  member: { id: string };
  organization: { id: string };
}) =>
  stack.gql(
    `mutation ($o: ID!, $m: ID!, $t: String) { sendMfaSmsCode(orgId: $o, memberId: $m, intermediateSessionToken: $t) { smsCodeSent } }`,
    { o: step.organization.id, m: step.member.id, t: step.intermediateSessionToken },
  );

const complete = (
  step: { intermediateSessionToken: string; member: { id: string }; organization: { id: string } },
  code: string,
) =>
  stack.gql(
    `mutation ($o: ID!, $m: ID!, $t: String, $c: String!) {
      completeMfa(orgId: $o, memberId: $m, method: SMS_OTP, code: $c, intermediateSessionToken: $t) { session { id } }
    }`,
    { o: step.organization.id, m: step.member.id, t: step.intermediateSessionToken, c: code },
  );

const codeOf = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.extensions?.code;
const retryAfterOf = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.extensions?.retryAfter;
const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, "0");

describe("SMS sends", () => {
  it("spaces resends of one step 30 s apart and caps them at 3 SMS per step, the switch's own included", async () => {
    const step = (await switchToGlobex())!;
    expect(step.smsCodeSent).toBe(true);
    stack.emulator.clearRequestLog();

    const burst = await Promise.all(Array.from({ length: 15 }, () => resend(step)));
    expect(calls(SEND)).toBe(0);
    for (const answer of burst) {
      expect(codeOf(answer)).toBe("RATE_LIMITED");
      expect(retryAfterOf(answer)).toBeGreaterThanOrEqual(1);
      expect(retryAfterOf(answer)).toBeLessThanOrEqual(30);
    }

    stack.throttleClock.advance(30_000);
    expect((await resend(step)).body.data?.sendMfaSmsCode).toEqual({ smsCodeSent: true });
    stack.throttleClock.advance(30_000);
    expect((await resend(step)).body.data?.sendMfaSmsCode).toEqual({ smsCodeSent: true });
    stack.throttleClock.advance(30_000);
    const fourth = await resend(step);
    expect(codeOf(fourth)).toBe("RATE_LIMITED");
    // A used-up step never recovers by waiting: no retryAfter, the member switches again.
    expect(retryAfterOf(fourth)).toBeUndefined();
    expect(calls(SEND)).toBe(2);
  });

  it("lets at most 3 switches per 10 minutes text a member, and refuses the rest before Stytch", async () => {
    stack.emulator.clearRequestLog();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await switchToGlobex());
    expect(answers.filter((step) => step?.smsCodeSent)).toHaveLength(3);
    expect(calls(EXCHANGE)).toBe(3);
    expect(stack.emulator.requestLog().filter((entry) => entry.route === EXCHANGE)).toHaveLength(3);

    stack.throttleClock.advance(10 * 60_000);
    expect((await switchToGlobex())?.smsCodeSent).toBe(true);
  });

  it("does not count switches that text nobody", async () => {
    for (let i = 0; i < 6; i++) {
      const answer = await stack.gql(
        `mutation { exchangeSession(orgId: "hooli") { __typename } }`,
        {},
        ada(),
      );
      expect(answer.body.data?.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
    }
    expect((await switchToGlobex())?.smsCodeSent).toBe(true);
  });

  it("lets a concurrent burst of switches that text nobody through, once the first answer tells", async () => {
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        stack.gql(`mutation { exchangeSession(orgId: "hooli") { __typename } }`, {}, ada()),
      ),
    );
    for (const answer of burst)
      expect(answer.body.data?.exchangeSession).toEqual({ __typename: "AuthenticatedSession" });
  });

  it("counts a concurrent burst of switches before any of them is answered", async () => {
    stack.emulator.clearRequestLog();
    const burst = await Promise.all(Array.from({ length: 10 }, () => switchToGlobex()));
    expect(burst.filter((step) => step?.smsCodeSent)).toHaveLength(3);
    expect(calls(EXCHANGE)).toBe(3);
  });
});

describe("SMS sends per member, across callers and spellings", () => {
  it("gives a sign-in never seen here one text at most past the member's limit, however it spells the organization", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) expect((await switchToGlobex())?.smsCodeSent).toBe(true);
      stack.throttleClock.advance(10 * 60_000 + 1);
    }
    // Ada@globex has had her 6 texts this hour. A fresh sign-in (a token issued elsewhere) tries every spelling.
    const fresh = stack.emulator.createSession({ memberId: DEMO.people.ada.members.acme }).sessionToken;
    stack.emulator.clearRequestLog();
    const spelled = async (orgId: string) =>
      stack.gql(`mutation ($o: ID!) { exchangeSession(orgId: $o) { __typename } }`, { o: orgId }, fresh);
    expect((await spelled("globex")).body.data?.exchangeSession).toEqual({ __typename: "MfaChallenge" });
    for (const orgId of [DEMO.organizations.globex.id, DEMO.organizations.globex.externalId, "globex"])
      expect(codeOf(await spelled(orgId))).toBe("RATE_LIMITED");
    expect(calls(EXCHANGE)).toBe(1);
  });
});

describe("code checks", () => {
  it("burns a step after 5 wrong codes: the 6th and even the right code never reach Stytch", async () => {
    const step = (await switchToGlobex())!;
    const right = stack.emulator.lastSmsCode(step.member.id)!.code;
    stack.emulator.clearRequestLog();
    for (let i = 0; i < 5; i++)
      expect(codeOf(await complete(step, wrongCode(right)))).toBe("MFA_CODE_INVALID");
    expect(calls(CHECK)).toBe(5);

    const sixth = await complete(step, wrongCode(right));
    expect(codeOf(sixth)).toBe("RATE_LIMITED");
    expect(retryAfterOf(sixth)).toBeUndefined();
    expect(codeOf(await complete(step, right))).toBe("RATE_LIMITED");
    expect(calls(CHECK)).toBe(5);
  });

  it("forwards at most 5 of 200 concurrent wrong codes for one step", async () => {
    const step = (await switchToGlobex())!;
    const right = stack.emulator.lastSmsCode(step.member.id)!.code;
    stack.emulator.clearRequestLog();
    const answers = await Promise.all(Array.from({ length: 200 }, () => complete(step, wrongCode(right))));
    expect(calls(CHECK)).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => codeOf(answer) === "RATE_LIMITED").length).toBeGreaterThanOrEqual(195);
    expect(codeOf(await complete(step, right))).toBe("RATE_LIMITED");
  });

  it("still accepts the right code after fewer than 5 wrong ones", async () => {
    const step = (await switchToGlobex())!;
    const right = stack.emulator.lastSmsCode(step.member.id)!.code;
    for (let i = 0; i < 4; i++) await complete(step, wrongCode(right));
    const done = (await complete(step, right)).body.data as { completeMfa: { session: { id: string } } };
    expect(done.completeMfa.session.id).toBeTruthy();
  });

  it("caps wrong codes per member across new steps (10 per 15 minutes)", async () => {
    stack.emulator.clearRequestLog();
    let refused: GraphQLAnswer | undefined;
    for (let round = 0; round < 3 && !refused; round++) {
      // A new pending step each round, as an attacker would start after burning one.
      const step = (await switchToGlobex())!;
      const right = stack.emulator.lastSmsCode(step.member.id)!.code;
      for (let i = 0; i < 5; i++) {
        const answer = await complete(step, wrongCode(right));
        if (codeOf(answer) === "RATE_LIMITED") {
          refused = answer;
          break;
        }
      }
    }
    expect(calls(CHECK)).toBe(10);
    expect(refused && retryAfterOf(refused)).toBeGreaterThan(0);
  });

  it("answers an unknown member and someone else's member alike (no membership probe, no Stytch call)", async () => {
    const step = (await switchToGlobex())!;
    stack.emulator.clearRequestLog();
    const otherMember = { ...step, member: { id: DEMO.people.bob.members.globex } };
    const unknownMember = { ...step, member: { id: "member-test-00000000-0000-4000-8000-00000000dead" } };
    const other = await complete(otherMember, "123456");
    const unknown = await complete(unknownMember, "123456");
    expect(codeOf(other)).toBe("UNAUTHENTICATED");
    expect(codeOf(unknown)).toBe("UNAUTHENTICATED");
    expect(other.body.errors![0].message).toBe(unknown.body.errors![0].message);
    expect(calls(CHECK)).toBe(0);
  });

  it("counts wrong codes per member under every spelling of the organization (Stytch's ids, not the client's)", async () => {
    const switchToUmbrella = async () => {
      const answer = await stack.gql(
        `mutation { exchangeSession(orgId: "umbrella") { ... on MfaChallenge { intermediateSessionToken member { id } organization { id } } } }`,
        {},
        ada(),
      );
      return answer.body.data!.exchangeSession as Step;
    };
    const totp = (step: Step, orgId: string) =>
      stack.gql(
        `mutation ($o: ID!, $m: ID!, $t: String) {
          completeMfa(orgId: $o, memberId: $m, method: TOTP, code: "000000", intermediateSessionToken: $t) { __typename }
        }`,
        { o: orgId, m: step.member.id, t: step.intermediateSessionToken },
      );
    stack.emulator.clearRequestLog();
    const first = await switchToUmbrella();
    for (let i = 0; i < 5; i++)
      expect(codeOf(await totp(first, first.organization.id))).toBe("MFA_CODE_INVALID");
    const second = await switchToUmbrella();
    for (let i = 0; i < 5; i++) expect(codeOf(await totp(second, "umbrella"))).toBe("MFA_CODE_INVALID");
    const third = await switchToUmbrella();
    expect(codeOf(await totp(third, "umbrella"))).toBe("RATE_LIMITED");
    expect(calls("/v1/b2b/totp/authenticate")).toBe(10);
  });

  it("counts every SMS send a client attempts, made-up steps included (50 per hour)", async () => {
    stack.emulator.clearRequestLog();
    const sprayed = [];
    for (let i = 0; i < 60; i++)
      sprayed.push(
        await resend({
          intermediateSessionToken: `made-up-step-token-${i}-${"y".repeat(20)}`,
          member: { id: DEMO.people.ada.members.globex },
          organization: { id: DEMO.organizations.globex.id },
        }),
      );
    expect(calls(SEND)).toBe(50);
    expect(sprayed.slice(50).every((answer) => codeOf(answer) === "RATE_LIMITED")).toBe(true);
  });
});

interface Step {
  intermediateSessionToken: string;
  member: { id: string };
  organization: { id: string };
}
