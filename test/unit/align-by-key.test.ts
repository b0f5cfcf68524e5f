import { alignByKey } from "../../src/loaders/align-by-key";

describe("alignByKey", () => {
  const id = (value: string) => value;
  const itemId = (item: { id: string }) => item.id;

  it("puts items in key order whatever order Stytch answered in", () => {
    const items = [{ id: "c" }, { id: "a" }, { id: "b" }];
    expect(alignByKey(["a", "b", "c"], items, id, itemId)).toEqual([{ id: "a" }, { id: "b" }, { id: "c" }]);
  });

  it("answers null for keys Stytch left out", () => {
    expect(alignByKey(["a", "x", "b"], [{ id: "b" }, { id: "a" }], id, itemId)).toEqual([
      { id: "a" },
      null,
      { id: "b" },
    ]);
  });

  it("gives repeated keys the same item and ignores items nobody asked for", () => {
    const result = alignByKey(["a", "a"], [{ id: "a" }, { id: "z" }], id, itemId);
    expect(result).toHaveLength(2);
    expect(result[0]).toBe(result[1]);
  });
});
