/**
 * Sign-in emails and codes cost Stytch calls and reach people: they are spaced and capped per address and per
 * client before Stytch is asked, and nothing an answer says tells whether an address has an account.
 */
import { DEMO } from "../../src/emulator";
import { DEFAULT_SIGN_IN_LIMITS } from "../../src/throttle/limits";
import { postGraphQL } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

const SEND = `mutation ($email: String!, $orgId: ID) { sendSignInCode(email: $email, orgId: $orgId) }`;
const SIGN_IN = `mutation ($email: String!, $code: String!) { signInWithCode(email: $email, code: $code) { email } }`;
const ADA = DEMO.people.ada.email;
const SENDS = ["/v1/b2b/otps/email/discovery/send", "/v1/b2b/otps/email/login_or_signup"];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const send = (email: string, orgId?: string) => postGraphQL(stack.url, SEND, { email, orgId });
const sendsSeen = () =>
  stack.emulator.requestLog().filter((entry) => SENDS.includes(entry.route ?? "")).length;
const codeOf = (answer: { json: any }) => answer.json.errors?.[0]?.extensions?.code ?? "ok";

describe("sign-in emails", () => {
  it("are 30 s apart per address, and the 6th within the hour is refused without reaching Stytch", async () => {
    expect(codeOf(await send(ADA))).toBe("ok");
    const tooSoon = await send(ADA);
    expect(tooSoon.json.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter: 30 });
    for (let sent = 2; sent <= DEFAULT_SIGN_IN_LIMITS.emailsPerAddress.limit; sent++) {
      stack.throttleClock.advance(DEFAULT_SIGN_IN_LIMITS.emailSpacingMs + 1_000);
      expect(codeOf(await send(ADA))).toBe("ok");
    }
    expect(sendsSeen()).toBe(5);
    stack.throttleClock.advance(DEFAULT_SIGN_IN_LIMITS.emailSpacingMs + 1_000);
    const sixth = await send(ADA.toUpperCase());
    expect(sixth.json.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(sixth.json.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(sendsSeen()).toBe(5);
  });

  it("answer the same for an address with an account and one without, discovery or organization", async () => {
    for (const orgId of [undefined, DEMO.organizations.acme.id, "no-such-organization"]) {
      const known = await send(ADA, orgId);
      const unknown = await send("nobody@example.com", orgId);
      expect({ orgId, status: unknown.status, body: unknown.text }).toEqual({
        orgId,
        status: known.status,
        body: known.text,
      });
      expect(known.json).toEqual({ data: { sendSignInCode: true } });
      stack.throttleClock.advance(DEFAULT_SIGN_IN_LIMITS.emailSpacingMs + 1_000);
    }
  });

  it("are capped per client across addresses", async () => {
    const { limit } = DEFAULT_SIGN_IN_LIMITS.emailsPerClient;
    for (let i = 0; i < limit; i++) expect(codeOf(await send(`person-${i}@example.com`))).toBe("ok");
    const before = sendsSeen();
    expect(codeOf(await send("one-more@example.com"))).toBe("RATE_LIMITED");
    expect(sendsSeen()).toBe(before);
  });
});

describe("sign-in codes", () => {
  it("refuse the 6th wrong code for an address without reaching Stytch, and then the right one too", async () => {
    await send(ADA);
    const { code } = stack.emulator.lastEmailOtp(ADA)!;
    const wrong = code === "000000" ? "111111" : "000000";
    stack.emulator.clearRequestLog();
    for (let attempt = 1; attempt <= DEFAULT_SIGN_IN_LIMITS.wrongCodesPerAddress.limit; attempt++) {
      expect(codeOf(await postGraphQL(stack.url, SIGN_IN, { email: ADA, code: wrong }))).toBe(
        "SIGN_IN_PROOF_INVALID",
      );
    }
    const sixth = await postGraphQL(stack.url, SIGN_IN, { email: ADA, code: wrong });
    expect(sixth.json.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(codeOf(await postGraphQL(stack.url, SIGN_IN, { email: ADA, code }))).toBe("RATE_LIMITED");
    expect(stack.emulator.requestLog()).toHaveLength(5);
    stack.throttleClock.advance(DEFAULT_SIGN_IN_LIMITS.wrongCodesPerAddress.windowMs);
    expect(codeOf(await postGraphQL(stack.url, SIGN_IN, { email: ADA, code }))).toBe("ok");
  });

  it("do not count a right code against the address", async () => {
    await send(ADA);
    const first = stack.emulator.lastEmailOtp(ADA)!.code;
    const wrong = first === "000000" ? "111111" : "000000";
    const { limit } = DEFAULT_SIGN_IN_LIMITS.wrongCodesPerAddress;
    for (let attempt = 1; attempt < limit; attempt++)
      await postGraphQL(stack.url, SIGN_IN, { email: ADA, code: wrong });
    // One wrong code short of the limit: right codes, however many, keep the address below it.
    expect(codeOf(await postGraphQL(stack.url, SIGN_IN, { email: ADA, code: first }))).toBe("ok");
    for (let round = 0; round < 3; round++) {
      stack.throttleClock.advance(DEFAULT_SIGN_IN_LIMITS.emailSpacingMs + 1_000);
      expect(codeOf(await send(ADA))).toBe("ok");
      const { code } = stack.emulator.lastEmailOtp(ADA)!;
      expect(codeOf(await postGraphQL(stack.url, SIGN_IN, { email: ADA, code }))).toBe("ok");
    }
  });
});

describe("organization sign-in codes", () => {
  const PRIMARY = `mutation ($orgId: ID!, $email: String!, $code: String!) {
    completePrimaryAuthWithCode(orgId: $orgId, email: $email, code: $code) { __typename }
  }`;
  const check = (email: string, orgId: string) =>
    postGraphQL(stack.url, PRIMARY, { orgId, email, code: "000000" });

  it("answer a wrong code alike for members, strangers and unknown organizations, and count it alike", async () => {
    const acme = DEMO.organizations.acme.id;
    const verdicts = [
      codeOf(await check(DEMO.people.carol.email, acme)),
      codeOf(await check("stranger@example.com", acme)),
      codeOf(await check(DEMO.people.carol.email, DEMO.organizations.globex.id)),
      codeOf(await check(DEMO.people.carol.email, "no-such-organization")),
    ];
    expect(verdicts).toEqual(Array(4).fill("SIGN_IN_PROOF_INVALID"));
    for (let attempt = 2; attempt <= DEFAULT_SIGN_IN_LIMITS.wrongCodesPerAddress.limit; attempt++)
      expect(codeOf(await check("stranger@example.com", acme))).toBe("SIGN_IN_PROOF_INVALID");
    expect(codeOf(await check("stranger@example.com", acme))).toBe("RATE_LIMITED");
  });
});

describe("entering an organization", () => {
  const ENTER = `mutation ($orgId: ID!, $ist: String) { enterOrganization(orgId: $orgId, intermediateSessionToken: $ist) { __typename } }`;

  it("with a token no sign-in here issued is refused without asking Stytch", async () => {
    stack.emulator.clearRequestLog();
    for (let i = 0; i < 20; i++) {
      const ist = `made-up-${i}-${"x".repeat(30)}`;
      expect(codeOf(await postGraphQL(stack.url, ENTER, { orgId: "acme", ist }))).toBe("UNAUTHENTICATED");
    }
    expect(stack.emulator.requestLog()).toEqual([]);
  });
});
