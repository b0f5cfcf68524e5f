import { toExchangeAnswer } from "../../src/stytch/mapping/exchange";
import { MalformedAnswer } from "../../src/stytch/mapping/wire-values";
import { wireMember, wireOrganization, wireSession } from "./wire-samples";

const common = {
  request_id: "request-id-test-1",
  status_code: 200,
  member_id: "member-test-1",
  member: wireMember,
  organization: wireOrganization,
};
const now = Date.parse("2024-01-01T00:00:00Z");

describe("toExchangeAnswer", () => {
  it("reads an authenticated exchange", () => {
    const outcome = toExchangeAnswer(
      {
        ...common,
        member_authenticated: true,
        session_token: "tok",
        session_jwt: "a.b.c",
        intermediate_session_token: "",
        member_session: wireSession,
        mfa_required: null,
        primary_required: null,
      },
      now,
    );
    expect(outcome.kind).toBe("authenticated");
    if (outcome.kind !== "authenticated") return;
    expect(outcome.sessionToken).toBe("tok");
    expect(outcome.session.authenticationFactors[0]).toMatchObject({
      type: "magic_link",
      emailAddress: "ada@example.com",
    });
    // Unknown vocabulary passes through as plain strings.
    expect(outcome.session.authenticationFactors[1]).toMatchObject({
      type: "a_new_factor",
      details: { samlSsoFactor: { providerId: "p", externalId: "e" } },
    });
    expect(outcome.member.status).toBe("some_new_status");
    expect(outcome.member.roles[0].sources[0].type).toBe("a_new_source");
    expect(outcome.organization.logoUrl).toBeNull();
  });

  it("reads an MFA step with an SMS already sent", () => {
    const outcome = toExchangeAnswer(
      {
        ...common,
        member_authenticated: false,
        session_token: "",
        session_jwt: "",
        member_session: null,
        intermediate_session_token: "ist",
        primary_required: null,
        mfa_required: {
          member_options: { mfa_phone_number: "XXXXXXX1234", totp_registration_id: "" },
          secondary_auth_initiated: "sms_otp",
        },
      },
      now,
    );
    expect(outcome).toMatchObject({
      kind: "mfa_required",
      intermediateSessionToken: "ist",
      maskedPhoneNumber: "XXXXXXX1234",
      totpRegistrationId: null,
      smsCodeSent: true,
      intermediateSessionExpiresAt: new Date(now + 600_000),
    });
  });

  it("puts a primary step before MFA when Stytch asks for both", () => {
    const outcome = toExchangeAnswer(
      {
        ...common,
        member_authenticated: false,
        session_token: "",
        session_jwt: "",
        intermediate_session_token: "ist",
        primary_required: { allowed_auth_methods: ["sso"] },
        mfa_required: { member_options: null, secondary_auth_initiated: null },
      },
      now,
    );
    expect(outcome).toMatchObject({ kind: "primary_required", allowedAuthMethods: ["sso"] });
  });

  it.each([
    ["no member", { ...common, member: undefined, member_authenticated: true }],
    [
      "authenticated without a session",
      { ...common, member_authenticated: true, session_token: "t", session_jwt: "j", member_session: null },
    ],
    [
      "a step without an intermediate token",
      { ...common, member_authenticated: false, intermediate_session_token: "" },
    ],
    ["not an object", "<html>"],
  ])("refuses a wrongly shaped answer: %s", (_, body) => {
    expect(() => toExchangeAnswer(body, now)).toThrow(MalformedAnswer);
  });
});
