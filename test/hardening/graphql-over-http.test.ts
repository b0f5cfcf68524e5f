import { serverAudits } from "graphql-http";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ production: true });
});
afterAll(() => stack.stop());

/**
 * The GraphQL-over-HTTP spec's audits against the production server. MUST audits are requirements; the
 * SHOULD warnings left are listed in the README with their reason.
 */
describe("GraphQL over HTTP (graphql-http serverAudits, production mode)", () => {
  it("keeps schema introspection off in production", async () => {
    const { body } = await stack.gql("{ __schema { types { name } } }");
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  const audits = serverAudits({ url: () => stack.url, fetchFn: fetch });
  const required = audits.filter((audit) => audit.name.startsWith("MUST"));
  const recommended = audits.filter((audit) => !audit.name.startsWith("MUST"));

  it("has MUST audits to run", () => {
    expect(required.length).toBeGreaterThan(0);
  });

  for (const audit of required) {
    it(audit.name, async () => {
      const result = await audit.fn();
      const reason = "reason" in result ? result.reason : undefined;
      expect({ name: audit.name, status: result.status, reason }).toEqual({
        name: audit.name,
        status: "ok",
        reason,
      });
    });
  }

  // SHOULD/MAY: recorded, not required; a warning must at least be a well-formed verdict.
  for (const audit of recommended) {
    it(audit.name, async () => {
      expect(["ok", "warn", "notice"]).toContain((await audit.fn()).status);
    });
  }
});
