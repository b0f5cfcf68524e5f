import { createEmulator, DEMO, DEV_PROJECT_ID, totpCode } from "../../src/emulator";
import { postGraphQL } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

const SECRET = "secret-test-CANARY-7f3a9c1e5b2d4f6a8c0e";
const BREAKER_COOLDOWN_MS = 50;

interface Seen {
  kind: string;
  text: string;
  /** Set-Cookie values: the owner's own tokens belong there. */
  setCookie: string[];
  /** Bearer success answers carry the owner's new tokens on purpose. */
  tokenBearing: boolean;
}

let stack: Stack;
const seen: Seen[] = [];
const canaries = new Set<string>([SECRET, Buffer.from(`${DEV_PROJECT_ID}:${SECRET}`).toString("base64")]);

beforeAll(async () => {
  const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: SECRET });
  stack = await startStack({
    emulator,
    logLevel: "debug",
    breaker: { threshold: 3, cooldownMs: BREAKER_COOLDOWN_MS },
  });
});
afterAll(() => stack.stop());

async function call(
  query: string,
  variables: Record<string, unknown>,
  auth: { bearer?: string; cookie?: string },
) {
  const response = await postGraphQL(stack.url, query, variables, auth);
  const text = response.text;
  const body = JSON.parse(text);
  const headers = [...response.headers]
    .filter(([name]) => name !== "set-cookie")
    .map(([n, v]) => `${n}: ${v}`);
  seen.push({
    kind: `${query.slice(0, 40)} ${response.status}`,
    text: headers.join("\n") + "\n" + (body.errors ? JSON.stringify(body.errors) : ""),
    setCookie: response.headers.getSetCookie(),
    tokenBearing: !body.errors,
  });
  for (const match of text.matchAll(/"(sessionToken|sessionJwt|intermediateSessionToken)":"([^"]+)"/g))
    canaries.add(match[2]);
  for (const cookie of response.headers.getSetCookie()) {
    const value = cookie.split(";")[0].split("=")[1];
    if (value) canaries.add(value);
  }
  return body;
}

const SWITCH = `mutation ($o: ID!) { exchangeSession(orgId: $o) { __typename ... on ExchangeOutcome { member { id } organization { id } }
  ... on AuthenticatedSession { sessionToken sessionJwt } ... on MfaChallenge { intermediateSessionToken } ... on PrimaryAuthRequired { intermediateSessionToken } } }`;
const COMPLETE = `mutation ($o: ID!, $m: ID!, $method: MfaMethod!, $code: String!, $ist: String) {
  completeMfa(orgId: $o, memberId: $m, method: $method, code: $code, intermediateSessionToken: $ist) { sessionToken sessionJwt } }`;

describe("secret canaries", () => {
  it("never appear in a log line, an error body, a header (but the owner's Set-Cookie) or a metric label", async () => {
    const ada = stack.emulator.demoSessions.ada;
    const bob = stack.emulator.demoSessions.bob;
    for (const token of [ada.sessionToken, ada.sessionJwt, bob.sessionToken, bob.sessionJwt])
      canaries.add(token);
    const adaCookie = `stytch_session=${ada.sessionToken}; stytch_session_jwt=${ada.sessionJwt}`;

    // Every outcome, bearer and cookie.
    for (const orgId of ["hooli", "globex", "umbrella", "initech", "nope", "has space"]) {
      await call(SWITCH, { o: orgId }, { bearer: ada.sessionToken });
      await call(SWITCH, { o: orgId }, { bearer: ada.sessionJwt });
      await call(SWITCH, { o: orgId }, { cookie: adaCookie });
    }
    // MFA: wrong codes, right codes, by argument and by cookie; a stale intermediate token. The switches into
    // globex above may have used up Ada's switches that text her (3 per 10 minutes): that window passes.
    stack.throttleClock.advance(10 * 60_000);
    const mfa = await call(SWITCH, { o: "globex" }, { bearer: ada.sessionToken });
    const ist = mfa.data.exchangeSession.intermediateSessionToken;
    const { member, organization } = mfa.data.exchangeSession;
    await call(
      COMPLETE,
      { o: organization.id, m: member.id, method: "SMS_OTP", code: "000000", ist },
      { bearer: ada.sessionToken },
    );
    const code = stack.emulator.lastSmsCode(member.id)!.code;
    await call(COMPLETE, { o: organization.id, m: member.id, method: "SMS_OTP", code, ist }, {});
    await call(COMPLETE, { o: organization.id, m: member.id, method: "SMS_OTP", code, ist }, {});
    const totp = await call(SWITCH, { o: "umbrella" }, { bearer: ada.sessionToken });
    const t = totp.data.exchangeSession;
    await call(
      COMPLETE,
      {
        o: t.organization.id,
        m: t.member.id,
        method: "TOTP",
        code: totpCode(DEMO.people.ada.totpSecret, Date.now()),
        ist: t.intermediateSessionToken,
      },
      {},
    );
    // Invalid, revoked and garbage credentials.
    for (const bearer of ["x".repeat(44), "aaa.bbb.ccc", bob.sessionJwt + "tampered"])
      await call(`{ viewer { member { id } } }`, {}, { bearer });
    await call(`mutation { signOut }`, {}, { bearer: bob.sessionToken });
    await call(`{ viewer { member { id } organizations { nextStep } } }`, {}, { bearer: bob.sessionToken });
    await call(SWITCH, { o: "acme" }, { bearer: bob.sessionToken });
    // Upstream faults, the breaker opening and failing fast.
    for (const fault of [
      { status: 500 },
      { status: 401, error_type: "unauthorized_credentials" },
      { reset: "during_body" as const },
      { non_json: true },
      { status: 429 },
    ]) {
      stack.emulator.injectFault({ path: "/v1/b2b/sessions/exchange", times: 4, ...fault });
      for (let i = 0; i < 4; i++) await call(SWITCH, { o: "hooli" }, { bearer: ada.sessionToken });
      stack.emulator.clearFaults();
      // The open breaker's cooldown passes (on its clock): the next family's first call is its trial.
      stack.breakerClock.advance(BREAKER_COOLDOWN_MS);
    }
    await call(
      `{ viewer { member { id } organization { id } organizations { nextStep } } }`,
      {},
      { cookie: adaCookie },
    );

    const metrics = await stack.metrics.registry.metrics();
    const leaks: string[] = [];
    for (const canary of canaries) {
      if (canary.length < 8) continue;
      stack.logs.forEach(
        (line, i) => line.includes(canary) && leaks.push(`log line ${i}: ${line.slice(0, 200)}`),
      );
      if (metrics.includes(canary)) leaks.push("metrics");
      for (const answer of seen) if (answer.text.includes(canary)) leaks.push(`answer ${answer.kind}`);
    }
    expect(canaries.size).toBeGreaterThan(15);
    expect(stack.logs.length).toBeGreaterThan(50);
    expect(stack.logs.some((line) => line.includes('"upstream"'))).toBe(true);
    expect(leaks).toEqual([]);
  }, 60_000);
});
