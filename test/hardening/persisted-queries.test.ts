import { createHash } from "node:crypto";
import { post } from "../support/http";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logLevel: "info", production: true });
});
afterAll(() => stack.stop());

async function send(body: unknown): Promise<{ status: number; body: any }> {
  const answer = await post(stack.url, body);
  return { status: answer.status, body: JSON.parse(answer.text) };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("automatic persisted queries", () => {
  it("registers a query under its hash, then runs it from the hash alone", async () => {
    const query = "query Registered { __typename }";
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    expect(await send({ extensions: { persistedQuery } })).toMatchObject({
      status: 200,
      body: { errors: [{ extensions: { code: "BAD_USER_INPUT" } }] },
    });
    expect(await send({ query, extensions: { persistedQuery } })).toEqual({
      status: 200,
      body: { data: { __typename: "Query" } },
    });
    expect(await send({ extensions: { persistedQuery } })).toEqual({
      status: 200,
      body: { data: { __typename: "Query" } },
    });
  });

  it.each([
    ["a hash that does not match the query", { version: 1, sha256Hash: "0".repeat(64) }],
    ["an unknown version", { version: 2, sha256Hash: sha256("{ __typename }") }],
  ])(
    "answers %s as the client's error: 400 BAD_USER_INPUT, not logged or counted as unexpected",
    async (_, persistedQuery) => {
      stack.logs.length = 0;
      const { status, body } = await send({ query: "{ __typename }", extensions: { persistedQuery } });
      expect(status).toBe(400);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(body.errors[0].message).not.toBe("Internal server error.");
      const lines = stack.logs.map((line) => JSON.parse(line));
      expect(lines.filter((line) => line.level >= 50)).toEqual([]);
      expect(stack.requestLines()[0]).toMatchObject({
        outcome: "BAD_USER_INPUT",
        status: 400,
      });
      expect(await (await fetch(stack.metricsUrl)).text()).not.toMatch(/outcome="INTERNAL_SERVER_ERROR"/);
    },
  );
});
