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
  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith("MUST")) {
        const reason = "reason" in result ? result.reason : undefined;
        expect({ name: audit.name, status: result.status, reason }).toEqual({
          name: audit.name,
          status: "ok",
          reason,
        });
      } else {
        // SHOULD/MAY: recorded, not required; a warning must at least be a well-formed verdict.
        expect(["ok", "warn", "notice"]).toContain(result.status);
      }
    });
  }
});
