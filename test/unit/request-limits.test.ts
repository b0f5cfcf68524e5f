import { createDocumentGuard, DEFAULT_LIMITS } from "../../src/validation/request-limits";
import { cheapestOf } from "../support/timing";

const guard = createDocumentGuard(DEFAULT_LIMITS, true);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/**
 * Costs are CPU time, the cheapest of a few runs: other test files on the machine stretch wall time, and a run
 * may pay for a garbage collection it did not cause.
 */
const RUNS = 5;

describe("document guard", () => {
  it("lets a real frontend query through", () => {
    expect(
      guard(
        `mutation ($o: ID!) { exchangeSession(orgId: $o) { __typename ... on AuthenticatedSession { session { member { organization { name } } } } } }`,
      ),
    ).toBeNull();
  });

  it.each([
    ["depth", `{ ${"a { ".repeat(13)}b${" }".repeat(13)} }`],
    [
      "aliases",
      `{ ${range(31)
        .map((i) => `a${i}: __typename`)
        .join(" ")} }`,
    ],
    ["directives", `{ __typename ${"@include(if: true) ".repeat(21)} }`],
    ["repeated fields", `{ viewer { session { ${"id ".repeat(50)} } } }`],
    [
      "repeated fields",
      `{ ...F10 } fragment F0 on Query { __typename } ${range(10)
        .map((i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`)
        .join(" ")}`,
    ],
  ])("refuses a document over the %s limit", (what, query) => {
    expect(guard(query)).toContain(`the ${what} limit`);
  });

  it("counts the fields a fragment bomb expands to without expanding it", async () => {
    const levels = 60;
    const query = `{ a { ...F${levels} } } fragment F0 on T { x: y } ${range(levels)
      .map((i) => `fragment F${i + 1} on T { ...F${i} b${i}: c { ...F${i} } }`)
      .join(" ")}`;
    expect(guard(query)).toMatch(/limit/);
    // A guard of its own each time: a cached verdict would cost nothing.
    const cost = await cheapestOf(RUNS, () => createDocumentGuard(DEFAULT_LIMITS, true)(query));
    expect(cost.cpuMs).toBeLessThan(200);
  });

  it("survives fragment cycles and unknown fragments", () => {
    expect(guard(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`)).toBeNull();
    expect(guard(`{ ...Nowhere }`)).toBeNull();
  });

  it("refuses a document over the length limit before parsing it, comments and whitespace counted", async () => {
    const limit = DEFAULT_LIMITS.maxDocumentLength;
    const padded = (length: number) => `#${"x".repeat(length - 16)}\n{ __typename }`;
    expect(padded(limit)).toHaveLength(limit);
    expect(guard(padded(limit))).toBeNull();
    expect(guard(padded(limit + 1))).toBe(
      `The document exceeds the length limit (${limit + 1} > ${limit} characters).`,
    );
    // Too long to be a document at all: refused at the price of reading its length.
    const huge = "{".repeat(10_000_000);
    expect(guard(huge)).toMatch(/length limit/);
    const cost = await cheapestOf(RUNS, () => createDocumentGuard(DEFAULT_LIMITS, true)(huge));
    expect(cost.cpuMs).toBeLessThan(50);
  });

  it("does not disclose the limits in production", () => {
    const production = createDocumentGuard(DEFAULT_LIMITS, false);
    expect(
      production(
        `{ ${range(31)
          .map((i) => `a${i}: __typename`)
          .join(" ")} }`,
      ),
    ).toBe("The operation is too complex.");
    expect(production(" ".repeat(DEFAULT_LIMITS.maxDocumentLength + 1))).toBe("The document is too large.");
  });
});
