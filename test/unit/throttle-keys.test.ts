import { hashAddress } from "../../src/throttle/throttle-keys";

describe("hashAddress", () => {
  it("keys every spelling of one mailbox alike", () => {
    const spellings = [
      "ada@example.com",
      " ADA@Example.COM ",
      "ada@example.com.",
      '"ada"@example.com',
      "ａｄａ@example.com",
      "ada@example.com。",
      "ada@example.com。。",
      '"a\\da"@example.com',
    ];
    expect(new Set(spellings.map((spelling) => hashAddress(spelling))).size).toBe(1);
    expect(hashAddress("ada@exämple.com")).toBe(hashAddress("ada@xn--exmple-cua.com"));
  });

  it("keeps other mailboxes apart, plus-tags included, and holds no address in clear", () => {
    const keys = ["ada@example.com", "ada+1@example.com", "bob@example.com", "ada@example.org"].map(
      (address) => hashAddress(address),
    );
    expect(new Set(keys).size).toBe(4);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
