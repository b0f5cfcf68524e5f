import { createEmulator, createManualClock, DEMO, DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";
import { EXCHANGE_BRIEF } from "../support/operations";
import { expectNoLeak } from "../support/leaks";
import { startStack, type Stack } from "../support/start-stack";

const DEADLINE_MS = 600;
let stack: Stack;
beforeAll(async () => {
  // The breaker has its own tests; here every fault must reach the adapter.
  stack = await startStack({ deadlineMs: DEADLINE_MS, breaker: { threshold: 1000, cooldownMs: 1 } });
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

const ada = () => stack.emulator.demoSessions.ada;
const EXCHANGE_PATH = "/v1/b2b/sessions/exchange";

/** Exchanges that arrived at the emulator since `since` (an earlier test's aborted call may be logged late). */
const exchangesSince = (since: number) =>
  stack.emulator
    .requestLog()
    .filter((entry) => entry.route === EXCHANGE_PATH && Date.parse(entry.time) >= since);

async function exchangeError(orgId: string, token?: string, variables: Record<string, unknown> = {}) {
  const answer = await stack.gql(
    `mutation ($orgId: ID!, $d: Int, $l: String) {
      exchangeSession(orgId: $orgId, sessionDurationMinutes: $d, locale: $l) { __typename }
    }`,
    { orgId, ...variables },
    token,
  );
  expect(answer.body.data?.exchangeSession ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect(error.extensions?.requestId).toBe(answer.headers.get("x-request-id"));
  expectNoLeak(answer.text, [ada().sessionToken, ada().sessionJwt]);
  return { error, code: error.extensions?.code, answer };
}

describe("exchangeSession failures", () => {
  describe("UNAUTHENTICATED", () => {
    it("without a session, and Stytch is not asked", async () => {
      stack.emulator.clearRequestLog();
      expect((await exchangeError("globex")).code).toBe("UNAUTHENTICATED");
      expect(stack.emulator.requestLog()).toHaveLength(0);
    });

    it.each([
      ["an unknown session token", "x".repeat(44)],
      ["a malformed JWT", "aaaa.bbbb.cccc"],
    ])("with %s", async (_, token) => {
      expect((await exchangeError("globex", token)).code).toBe("UNAUTHENTICATED");
    });

    it("with a revoked session, by token and by JWT", async () => {
      const session = stack.emulator.createSession({ memberId: DEMO.people.ada.members.acme });
      const jwt = session.sessionJwt;
      await stack.gql("mutation { signOut }", {}, session.sessionToken);
      expect((await exchangeError("hooli", session.sessionToken)).code).toBe("UNAUTHENTICATED");
      expect((await exchangeError("hooli", jwt)).code).toBe("UNAUTHENTICATED");
    });
  });

  describe("FORBIDDEN, one answer for unknown organizations and foreign ones", () => {
    it("says the same for an unknown organization and one the person is not a member of", async () => {
      const unknown = await exchangeError(
        "organization-test-00000000-0000-4000-8000-00000000dead",
        ada().sessionToken,
      );
      const foreign = await exchangeError("initech", stack.emulator.demoSessions.bob.sessionToken);
      expect(unknown.code).toBe("FORBIDDEN");
      expect(foreign.code).toBe("FORBIDDEN");
      expect(unknown.error.message).toBe(foreign.error.message);
    });
  });

  describe("BAD_USER_INPUT, refused before Stytch is asked", () => {
    it.each([
      ["a session shorter than 5 minutes", { d: 1 }, "sessionDurationMinutes"],
      ["a session longer than the server's maximum (60 minutes here)", { d: 61 }, "sessionDurationMinutes"],
      ["a session of 366 days", { d: 527040 }, "sessionDurationMinutes"],
      ["an unsupported locale", { l: "xx" }, "locale"],
    ])("%s", async (_, variables, argumentName) => {
      stack.emulator.clearRequestLog();
      const { code, error } = await exchangeError("globex", ada().sessionToken, variables);
      expect(code).toBe("BAD_USER_INPUT");
      expect(error.extensions?.argumentName).toBe(argumentName);
      expect(stack.emulator.requestLog()).toHaveLength(0);
    });

    it("an orgId that cannot name an organization", async () => {
      expect((await exchangeError("has spaces in it", ada().sessionToken)).code).toBe("BAD_USER_INPUT");
    });

    it.each([
      [
        "aliases",
        `mutation { a: exchangeSession(orgId: "globex") { __typename } b: exchangeSession(orgId: "globex") { __typename } }`,
      ],
      [
        "a fragment",
        `mutation { a: exchangeSession(orgId: "globex") { __typename } ...F } fragment F on Mutation { b: exchangeSession(orgId: "globex") { __typename } }`,
      ],
    ])("more than one exchange in an operation (%s): nothing runs", async (_, query) => {
      stack.emulator.clearRequestLog();
      const answer = await stack.gql(query, {}, ada().sessionToken);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(stack.emulator.requestLog()).toHaveLength(0);
      expect(stack.emulator.lastSmsCode(DEMO.people.ada.members.globex)).toBeUndefined();
    });
  });

  describe("upstream trouble", () => {
    it("RATE_LIMITED on Stytch's 429, never retried", async () => {
      stack.emulator.clearRequestLog();
      stack.emulator.injectFault({ path: EXCHANGE_PATH, status: 429 });
      expect((await exchangeError("globex", ada().sessionToken)).code).toBe("RATE_LIMITED");
      expect(stack.emulator.requestLog()).toHaveLength(1);
    });

    it(`UPSTREAM_TIMEOUT within the deadline (${DEADLINE_MS} ms) + 250 ms`, async () => {
      stack.emulator.injectFault({ path: EXCHANGE_PATH, latency_ms: 3000 });
      const { code, answer } = await exchangeError("globex", ada().sessionToken);
      expect(code).toBe("UPSTREAM_TIMEOUT");
      // Timed by the server itself (its log line), not by the test client's fetch on a loaded machine.
      const line = stack.requestLine(answer.headers.get("x-request-id"));
      expect(line.durationMs).toBeLessThan(DEADLINE_MS + 250);
    });

    it.each([
      ["a 500", { status: 500 }],
      ["a 503", { status: 503 }],
      ["a reset before the answer", { reset: "before_headers" as const }],
      ["a reset during the body", { reset: "during_body" as const }],
      ["a non-JSON body", { non_json: true }],
      ["a wrongly shaped 200", { body: { request_id: "r", status_code: 200, member_authenticated: true } }],
    ])("UPSTREAM_UNAVAILABLE on %s, and the exchange reached Stytch once", async (_, fault) => {
      const since = Date.now();
      stack.emulator.injectFault({ path: EXCHANGE_PATH, times: 5, ...fault });
      expect((await exchangeError("globex", ada().sessionToken)).code).toBe("UPSTREAM_UNAVAILABLE");
      expect(exchangesSince(since)).toHaveLength(1);
    });

    it("masks our own misconfiguration (Stytch's 401) as INTERNAL_SERVER_ERROR", async () => {
      stack.emulator.injectFault({
        path: EXCHANGE_PATH,
        status: 401,
        error_type: "unauthorized_credentials",
      });
      expect((await exchangeError("globex", ada().sessionToken)).code).toBe("INTERNAL_SERVER_ERROR");
    });
  });
});

describe("exchangeSession with an expired session", () => {
  it("answers UNAUTHENTICATED by token and by JWT once Stytch's clock passed the session's end", async () => {
    const clock = createManualClock(Date.now());
    const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET, clock: clock.now });
    const expiring = await startStack({ emulator });
    try {
      const session = emulator.createSession({ memberId: DEMO.people.ada.members.acme, durationMinutes: 5 });
      const before = await expiring.gql(EXCHANGE_BRIEF, { orgId: "hooli" }, session.sessionToken);
      expect(before.body.errors).toBeUndefined();
      clock.advance(6 * 60_000);
      for (const token of [session.sessionToken, session.sessionJwt]) {
        const after = await expiring.gql(EXCHANGE_BRIEF, { orgId: "hooli" }, token);
        expect(after.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      }
    } finally {
      await expiring.stop();
    }
  });
});
