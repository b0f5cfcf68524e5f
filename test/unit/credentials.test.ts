import { credentialFromAuthorization } from "../../src/auth/credentials";

describe("credentialFromAuthorization", () => {
  it("reads an opaque session token", () => {
    expect(credentialFromAuthorization("Bearer mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")).toEqual({
      kind: "session_token",
      value: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
    });
  });

  it("recognises a JWT by its three parts", () => {
    expect(credentialFromAuthorization("bearer aaa.bbb.ccc")).toEqual({
      kind: "session_jwt",
      value: "aaa.bbb.ccc",
    });
  });

  it.each([
    undefined,
    "",
    "Bearer",
    "Basic abc",
    "Bearer a b",
    "Bearer <script>",
    "Bearer " + "a".repeat(9000),
  ])("treats %j as no credential", (header) => {
    expect(credentialFromAuthorization(header)).toBeNull();
  });
});
