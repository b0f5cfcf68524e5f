import { createSign, generateKeyPairSync } from "node:crypto";

import { DEMO, DEV_PROJECT_ID } from "../../src/emulator";
import {
  expectStytchError,
  MINUTE,
  sdkClient,
  startEmulator,
  stytchError,
  type TestEmulator,
} from "./helpers";

// sessions.authenticate / revoke / getJWKS and local JWT verification with the SDK.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ada = () => t.emu.demoSessions.ada;
const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));

describe("sessions.authenticate", () => {
  it("authenticates a session token and returns session, member, organization and a fresh JWT", async () => {
    const r = await t.client.sessions.authenticate({ session_token: ada().sessionToken });
    expect(r.session_token).toBe(ada().sessionToken);
    expect(r.member.member_id).toBe(DEMO.people.ada.members.acme);
    expect(r.organization.organization_slug).toBe("acme");
    expect(r.member_session.member_session_id).toBe(ada().memberSessionId);
    // SSO-derived roles only count with a factor from that connection: "engineer" is on the member only.
    expect(r.member.roles.map((role) => role.role_id)).toContain("engineer");
    expect(r.member_session.roles).toEqual(["stytch_member", "stytch_admin", "billing-admin"]);
    expect(decode(r.session_jwt)["https://stytch.com/session"].id).toBe(ada().memberSessionId);
  });

  it("accepts an exp-expired JWT of a live session and returns a fresh one", async () => {
    const old = ada().sessionJwt;
    t.clock.advance(10 * MINUTE); // JWTs live 5 minutes, the session 60
    const r = await t.client.sessions.authenticate({ session_jwt: old });
    expect(decode(r.session_jwt).exp).toBeGreaterThan(decode(old).exp);
    expect(decode(r.session_jwt).exp - decode(r.session_jwt).iat).toBe(300);
  });

  it("extends the session with session_duration_minutes and merges custom claims", async () => {
    t.clock.advance(30 * MINUTE);
    const r = await t.client.sessions.authenticate({
      session_token: ada().sessionToken,
      session_duration_minutes: 120,
      session_custom_claims: { role_hint: "x" },
    });
    expect(Date.parse(r.member_session.expires_at)).toBe(t.clock.now() + 120 * MINUTE);
    expect(r.member_session.custom_claims).toEqual({ role_hint: "x" });
    t.clock.advance(100 * MINUTE);
    const later = await t.client.sessions.authenticate({
      session_token: ada().sessionToken,
      session_custom_claims: { role_hint: null },
    });
    expect(later.member_session.custom_claims).toEqual({});
  });

  it("expires sessions on the emulator clock", async () => {
    t.clock.advance(59 * MINUTE);
    await t.client.sessions.authenticate({ session_token: ada().sessionToken });
    t.clock.advance(1 * MINUTE);
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: ada().sessionToken }),
      404,
      "session_not_found",
    );
  });

  it("errors: both or neither argument", async () => {
    await expectStytchError(t.client.sessions.authenticate({}), 400, "no_session_arguments");
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: ada().sessionToken, session_jwt: ada().sessionJwt }),
      400,
      "too_many_session_arguments",
    );
  });

  it("checks authorization_check against the org's custom roles", async () => {
    const bob = t.emu.demoSessions.bob;
    const ok = await t.client.sessions.authenticate({
      session_token: ada().sessionToken,
      authorization_check: { organization_id: "acme", resource_id: "invoice", action: "pay" },
    });
    expect(ok.verdict).toEqual({ authorized: true, granting_roles: ["stytch_admin", "billing-admin"] });
    await expectStytchError(
      t.client.sessions.authenticate({
        session_token: bob.sessionToken,
        authorization_check: { organization_id: "acme", resource_id: "invoice", action: "pay" },
      }),
      403,
      "session_authorization_error",
    );
    await expectStytchError(
      t.client.sessions.authenticate({
        session_token: ada().sessionToken,
        authorization_check: { organization_id: "globex", resource_id: "invoice", action: "pay" },
      }),
      403,
      "session_authorization_tenancy_error",
    );
  });
});

describe("sessions.revoke", () => {
  it("revokes by token, JWT, member_session_id and member_id", async () => {
    await t.client.sessions.revoke({ session_token: ada().sessionToken });
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: ada().sessionToken }),
      404,
      "session_not_found",
    );

    t.reset();
    await t.client.sessions.revoke({ session_jwt: ada().sessionJwt });
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: ada().sessionToken }),
      404,
      "session_not_found",
    );

    t.reset();
    await t.client.sessions.revoke({ member_session_id: ada().memberSessionId });
    await expectStytchError(
      t.client.sessions.authenticate({ session_jwt: ada().sessionJwt }),
      404,
      "session_not_found",
    );

    t.reset();
    const second = t.emu.createSession({ memberId: DEMO.people.ada.members.acme });
    await t.client.sessions.revoke({ member_id: DEMO.people.ada.members.acme });
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: second.sessionToken }),
      404,
      "session_not_found",
    );
    await expectStytchError(
      t.client.sessions.authenticate({ session_token: ada().sessionToken }),
      404,
      "session_not_found",
    );
    // Bob's session is untouched.
    await t.client.sessions.authenticate({ session_token: t.emu.demoSessions.bob.sessionToken });
  });

  it("errors: no argument, several arguments, unknown session", async () => {
    await expectStytchError(t.client.sessions.revoke({}), 400, "no_session_revoke_arguments");
    await expectStytchError(
      t.client.sessions.revoke({
        session_token: ada().sessionToken,
        member_id: DEMO.people.ada.members.acme,
      }),
      400,
      "too_many_session_revoke_arguments",
    );
    await expectStytchError(t.client.sessions.revoke({ session_token: "nope" }), 404, "session_not_found");
  });
});

describe("JWKS and local JWT verification", () => {
  it("serves the JWKS without Basic auth, with every JWK field", async () => {
    const r = await t.client.sessions.getJWKS({ project_id: DEV_PROJECT_ID });
    expect(r.keys).toHaveLength(1);
    expect(r.keys[0]).toMatchObject({
      kty: "RSA",
      use: "sig",
      key_ops: ["verify"],
      alg: "RS256",
      x5c: [],
      x5tS256: "",
    });
    const raw = await fetch(`${t.url}/v1/b2b/sessions/jwks/${DEV_PROJECT_ID}`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toMatch(/^application\/json/);
    await expectStytchError(
      t.client.sessions.getJWKS({ project_id: "project-test-other" }),
      404,
      "project_not_found",
    );
  });

  it("issues JWTs in Stytch's layout that authenticateJwtLocal accepts", async () => {
    const jwt = ada().sessionJwt;
    expect(decodeHeader(jwt)).toEqual({ alg: "RS256", typ: "JWT", kid: expect.stringMatching(/^jwk-test-/) });
    const claims = decode(jwt);
    expect(claims).toMatchObject({
      sub: DEMO.people.ada.members.acme,
      iss: `stytch.com/${DEV_PROJECT_ID}`,
      aud: [DEV_PROJECT_ID],
      "https://stytch.com/organization": { organization_id: DEMO.organizations.acme.id, slug: "acme" },
      "https://stytch.com/session": {
        id: ada().memberSessionId,
        attributes: { ip_address: "", user_agent: "" },
        roles: ["stytch_member", "stytch_admin", "billing-admin"],
      },
    });
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims.nbf).toBe(claims.iat);
    const session = await t.client.sessions.authenticateJwtLocal({ session_jwt: jwt });
    expect(session).toMatchObject({
      member_session_id: ada().memberSessionId,
      member_id: DEMO.people.ada.members.acme,
      organization_id: DEMO.organizations.acme.id,
      organization_slug: "acme",
    });
    expect(session.authentication_factors[0]).toMatchObject({ type: "magic_link", delivery_method: "email" });
    const viaAuthenticateJwt = await t.client.sessions.authenticateJwt({ session_jwt: jwt });
    expect(viaAuthenticateJwt.member_session.member_id).toBe(DEMO.people.ada.members.acme);
  });

  it("rejects a tampered JWT locally", async () => {
    const [h, p, s] = ada().sessionJwt.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
    claims.sub = DEMO.people.bob.members.acme;
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    const err = await stytchError(t.client.sessions.authenticateJwtLocal({ session_jwt: tampered }));
    expect(err.constructor.name).toBe("ClientError");
    await expectStytchError(
      t.client.sessions.authenticate({ session_jwt: tampered }),
      400,
      "unable_to_parse_session_jwt",
    );
  });

  it("rejects an expired JWT locally (manual clock and SDK current_date)", async () => {
    const jwt = ada().sessionJwt;
    const future = new Date(t.clock.now() + 6 * MINUTE);
    const err = await stytchError(
      t.client.sessions.authenticateJwtLocal({ session_jwt: jwt, current_date: future }),
    );
    expect(String(err)).toMatch(/jwt_invalid/);
    // A JWT minted at an earlier emulator time is expired in real time.
    t.clock.advance(-10 * MINUTE);
    const stale = t.emu.createSession({ memberId: DEMO.people.ada.members.acme }).sessionJwt;
    t.clock.advance(10 * MINUTE);
    await expect(t.client.sessions.authenticateJwtLocal({ session_jwt: stale })).rejects.toThrow(
      /jwt_invalid/,
    );
  });

  it("rejects a JWT of a foreign issuer and signer locally, and at the API", async () => {
    // Same key material is not available to outsiders: sign with another key and with a wrong issuer.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const header = { alg: "RS256", typ: "JWT", kid: decodeHeader(ada().sessionJwt).kid };
    const payload = { ...decode(ada().sessionJwt), iss: "stytch.com/project-test-someone-else" };
    const input = `${b64(header)}.${b64(payload)}`;
    const foreign = `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
    await expect(t.client.sessions.authenticateJwtLocal({ session_jwt: foreign })).rejects.toThrow(
      /jwt_invalid/,
    );
    await expectStytchError(
      t.client.sessions.authenticate({ session_jwt: foreign }),
      400,
      "unable_to_parse_session_jwt",
    );
    // A client of another project refuses the emulator's JWT (audience/issuer are the project's).
    const otherProject = sdkClient(t.url, { projectId: "project-test-11111111-1111-4111-8111-111111111111" });
    await expect(
      otherProject.sessions.authenticateJwtLocal({ session_jwt: ada().sessionJwt }),
    ).rejects.toThrow(/jwt_invalid/);
  });
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const decodeHeader = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString("utf8"));
