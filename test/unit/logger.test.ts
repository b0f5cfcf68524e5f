import { createLogger } from "../../src/logger";

function capture() {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const TOKEN = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZW1iZXIifQ.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw";

describe("logger redaction", () => {
  it("redacts credentials under the keys they travel in", () => {
    const { logger, lines } = capture();
    logger.debug(
      {
        headers: { authorization: `Bearer ${TOKEN}`, cookie: `stytch_session=${TOKEN}` },
        body: { session_token: TOKEN, session_jwt: JWT, intermediate_session_token: TOKEN },
        result: { sessionToken: TOKEN, sessionJwt: JWT, intermediateSessionToken: TOKEN },
        config: { secret: "secret-canary" },
        caller: { sessionToken: { kind: "session_token", value: TOKEN }, sessionJwt: { value: JWT } },
        variables: { sessionToken: TOKEN },
        input: { intermediate_session_token: TOKEN },
        args: { sessionJwt: JWT },
        context: { authorization: `Bearer ${TOKEN}` },
        session_token: TOKEN,
        intermediateSessionToken: TOKEN,
      },
      "everything",
    );
    expect(lines).toHaveLength(1);
    for (const value of [TOKEN, JWT, "secret-canary"]) expect(lines[0]).not.toContain(value);
    expect(lines[0]).toContain("[redacted]");
  });

  it("serializes errors without the properties they drag along (the SDK's RequestError carries the body)", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error(`request failed for token ${TOKEN}`), {
      code: "ECONNRESET",
      request: {
        body: JSON.stringify({ session_token: TOKEN }),
        headers: { authorization: "Basic c2VjcmV0" },
      },
    });
    logger.error({ err: error }, "upstream failed");
    logger.error({ error }, "upstream failed");
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain("c2VjcmV0");
      expect(JSON.parse(line)).toMatchObject({ msg: "upstream failed" });
    }
    expect(JSON.parse(lines[0]).err).toEqual({
      type: "Error",
      code: "ECONNRESET",
      message: "request failed for token [redacted]",
    });
  });
});
