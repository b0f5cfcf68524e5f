import { parse } from "graphql";
import { createDocumentStore, retainedBytes } from "../../src/cache/document-store";

const COMMENTED = (i: number, length: number) => `# ${i} ${"x".repeat(length)}\n{ __typename }`;

describe("the document store", () => {
  it("counts the source text a document keeps alive, comments included", () => {
    const document = parse(COMMENTED(0, 60_000));
    // Apollo's default store counted this document at the length of its JSON, which leaves the source out.
    expect(JSON.stringify(document).length).toBeLessThan(1000);
    expect(retainedBytes(document)).toBeGreaterThan(60_000);
  });

  it("counts text outside Latin-1 at two bytes a character, as V8 stores it", () => {
    const latin = retainedBytes(parse(`# ${"é".repeat(10_000)}\n{ __typename }`));
    const wide = retainedBytes(parse(`# ${"€".repeat(10_000)}\n{ __typename }`));
    expect(wide - latin).toBeGreaterThanOrEqual(10_000);
  });

  it("counts tokens and nodes: a document of many short fields costs far more than its text", () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `f${i}`).join(" ")} }`;
    expect(retainedBytes(parse(query))).toBeGreaterThan(100 * query.length);
  });

  it("keeps at most its bound of unique documents, the most recent ones", async () => {
    const store = createDocumentStore(1024 * 1024);
    for (let i = 0; i < 200; i++) await store.set(`key${i}`, parse(COMMENTED(i, 16_000)));
    const kept = (await Promise.all(Array.from({ length: 200 }, (_, i) => store.get(`key${i}`)))).filter(
      (document) => document !== undefined,
    );
    // ~17 KB each: about 60 fit in 1 MiB.
    expect(kept.length).toBeGreaterThan(40);
    expect(kept.length).toBeLessThan(64);
    expect(await store.get("key199")).toBeDefined();
    expect(await store.get("key0")).toBeUndefined();
  });
});
