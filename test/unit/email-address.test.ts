import { BadUserInputError } from "../../src/errors/app-errors";
import { validateEmailAddress } from "../../src/sessions/requests";

describe("validateEmailAddress", () => {
  it("hands Stytch the address trimmed", () => {
    expect(validateEmailAddress("  ada@example.com ")).toBe("ada@example.com");
    expect(validateEmailAddress("ada@exämple.com")).toBe("ada@exämple.com");
  });

  it.each([
    ["ada"],
    ["ada@"],
    ["a b@example.com"],
    [`${"a".repeat(250)}@example.com`],
    ["ada@exa\u200dmple.com"],
  ])("refuses %j as no email address, naming the argument", (address) => {
    expect(() => validateEmailAddress(address)).toThrow(BadUserInputError);
  });
});
