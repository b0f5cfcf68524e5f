import { DEMO } from "../../src/emulator";
import { post } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ corsOrigins: ["https://app.example.com"] });
});
afterAll(() => stack.stop());
beforeEach(() => stack.emulator.reset());

const MUTATION = JSON.stringify({ query: `mutation { exchangeSession(orgId: "globex") { __typename } }` });
const exchanges = () =>
  stack.emulator.requestLog().filter((entry) => entry.route === "/v1/b2b/sessions/exchange");

function victimCookies() {
  const ada = stack.emulator.demoSessions.ada;
  return `stytch_session=${ada.sessionToken}; stytch_session_jwt=${ada.sessionJwt}`;
}

describe("cross-site requests cannot act with the victim's cookies", () => {
  it.each([
    [
      "a foreign Origin with a JSON body",
      { origin: "https://evil.example", "content-type": "application/json" },
      MUTATION,
    ],
    [
      "a form post (simple content type)",
      { "content-type": "application/x-www-form-urlencoded" },
      `query=${encodeURIComponent('mutation { exchangeSession(orgId: "globex") { __typename } }')}`,
    ],
    ["a text/plain post (simple content type)", { "content-type": "text/plain" }, MUTATION],
    [
      "a foreign Origin with text/plain",
      { origin: "https://evil.example", "content-type": "text/plain" },
      MUTATION,
    ],
  ])("refuses %s", async (_, headers, body) => {
    const response = await post(stack.url, body, { cookie: victimCookies(), headers });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(exchanges()).toHaveLength(0);
    expect(stack.emulator.lastSmsCode(DEMO.people.ada.members.globex)).toBeUndefined();
  });

  it("refuses a GET mutation", async () => {
    const query = encodeURIComponent('mutation { exchangeSession(orgId: "globex") { __typename } }');
    const response = await fetch(`${stack.url}?query=${query}`, {
      headers: { cookie: victimCookies(), "apollo-require-preflight": "1" },
    });
    expect(response.status).toBe(405);
    expect(exchanges()).toHaveLength(0);
  });

  it("answers the allowed origin's preflight and request with credentials", async () => {
    const preflight = await fetch(stack.url, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
    const response = await post(stack.url, MUTATION, {
      cookie: victimCookies(),
      headers: { origin: "https://app.example.com" },
    });
    expect(response.json.data.exchangeSession.__typename).toBe("MfaChallenge");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  });

  it("gives a foreign origin's preflight no CORS permission", async () => {
    const preflight = await fetch(stack.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.status).toBe(403);
  });
});
