import { SessionJwtVerifier } from "../../src/auth/session-jwt-verifier";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createEmulator, createManualClock, DEMO, DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";
import { createSigningKey, signJwt } from "../../src/emulator/jwt";

// The emulator mints real RS256 JWTs and serves their JWKS over HTTP; one manual clock drives both sides, so
// expiry is tested by moving time, not by sleeping.
const clock = createManualClock(Date.now());
const emulator = createEmulator({ projectId: DEV_PROJECT_ID, secret: DEV_SECRET, clock: clock.now });
let baseUrl = "";

beforeAll(async () => {
  ({ url: baseUrl } = await emulator.start({ port: 0 }));
});
afterAll(() => emulator.stop());
beforeEach(() => clock.set(Date.now()));

const verifier = (cacheBytes?: number) =>
  new SessionJwtVerifier({ projectId: DEV_PROJECT_ID, baseUrl, cacheBytes, now: clock.now });
const newSession = (durationMinutes = 60) =>
  emulator.createSession({ memberId: DEMO.people.ada.members.acme, durationMinutes });
const newJwt = () => newSession().sessionJwt;

/** A JWT minted now for an existing session, the way Stytch hands one out on every sessions.authenticate. */
async function freshJwtFor(sessionToken: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/v1/b2b/sessions/authenticate`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${DEV_PROJECT_ID}:${DEV_SECRET}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ session_token: sessionToken }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { session_jwt: string }).session_jwt;
}

describe("SessionJwtVerifier", () => {
  it("proves a JWT once, then answers the same session from memory while the JWT lives", async () => {
    const jwts = verifier();
    const jwt = newJwt();
    const first = await jwts.verify(jwt);
    expect(first).toMatchObject({ memberId: DEMO.people.ada.members.acme });
    clock.advance(4 * 60_000);
    expect(await jwts.verify(jwt)).toBe(first);
  });

  it("never answers from memory past the JWT's exp (5 minutes)", async () => {
    const jwts = verifier();
    const jwt = newJwt();
    expect(await jwts.verify(jwt)).not.toBeNull();
    clock.advance(5 * 60_000 + 1_000);
    expect(await jwts.verify(jwt)).toBeNull();
  });

  it("never answers from memory past the session's own end, even while the JWT lives", async () => {
    const jwts = verifier();
    const { sessionToken } = newSession(5);
    clock.advance(3 * 60_000);
    const jwt = await freshJwtFor(sessionToken); // lives until minute 8, its session ends at minute 5
    expect(await jwts.verify(jwt)).not.toBeNull();
    clock.advance(2 * 60_000 + 1_000);
    expect(await jwts.verify(jwt)).toBeNull();
  });

  it("does not let a tampered JWT in, before or after its genuine twin was proven", async () => {
    const jwts = verifier();
    const jwt = newJwt();
    const [header, payload, signature] = jwt.split(".");
    const flipped = signature[5] === "A" ? "B" : "A";
    const tampered = [header, payload, signature.slice(0, 5) + flipped + signature.slice(6)].join(".");
    expect(await jwts.verify(tampered)).toBeNull();
    expect(await jwts.verify(jwt)).not.toBeNull();
    expect(await jwts.verify(tampered)).toBeNull();
  });

  it("verifies every time with cacheBytes 0", async () => {
    const jwts = verifier(0);
    const jwt = newJwt();
    const first = await jwts.verify(jwt);
    const second = await jwts.verify(jwt);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it("stays within cacheBytes (a JWT counts twice: key and session), letting the oldest go first", async () => {
    const [a, b, c] = [newJwt(), newJwt(), newJwt()];
    // Room for a and b; c (as long as a, give or take a few characters) pushes a out.
    const jwts = verifier(2 * (a.length + b.length) + 16);
    const sessionA = await jwts.verify(a);
    const sessionB = await jwts.verify(b);
    await jwts.verify(c);
    expect(await jwts.verify(b)).toBe(sessionB);
    const again = await jwts.verify(a);
    expect(again).toEqual(sessionA);
    expect(again).not.toBe(sessionA);
  });

  it("does not keep a JWT larger than the whole budget", async () => {
    const jwt = newJwt();
    const jwts = verifier(2 * jwt.length - 1);
    const first = await jwts.verify(jwt);
    expect(first).not.toBeNull();
    expect(await jwts.verify(jwt)).not.toBe(first);
  });

  it("hands out sessions nobody can change for the next caller, nested lists included", async () => {
    const jwts = verifier();
    const jwt = newJwt();
    const session = (await jwts.verify(jwt))!;
    expect(() => session.roles.push("forged-role")).toThrow(TypeError);
    expect(() => (session.authenticationFactors[0].type = "forged")).toThrow(TypeError);
    expect((await jwts.verify(jwt))!.roles).not.toContain("forged-role");
  });

  describe("tells apart what is worth asking Stytch about", () => {
    // A key and JWKS of our own, so that claims can be wrong while the signature is right.
    const key = createSigningKey();
    let jwksUrl = "";
    const jwksServer = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [key.jwk] }));
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
      jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));

    const claims = (overrides: Record<string, unknown> = {}) => {
      const iat = Math.floor(clock.now() / 1000);
      return {
        sub: DEMO.people.ada.members.acme,
        iss: `stytch.com/${DEV_PROJECT_ID}`,
        aud: [DEV_PROJECT_ID],
        iat,
        nbf: iat,
        exp: iat + 300,
        "https://stytch.com/session": {
          id: "member-session-test-1",
          started_at: new Date(clock.now()).toISOString(),
          last_accessed_at: new Date(clock.now()).toISOString(),
          expires_at: new Date(clock.now() + 3_600_000).toISOString(),
          authentication_factors: [],
          roles: ["stytch_member"],
        },
        "https://stytch.com/organization": { organization_id: DEMO.organizations.acme.id, slug: "acme" },
        ...overrides,
      };
    };
    const check = (payload: Record<string, unknown>) =>
      new SessionJwtVerifier({ projectId: DEV_PROJECT_ID, baseUrl: jwksUrl, now: clock.now }).check(
        signJwt(key, payload),
      );

    it("valid: signed, for this project, in time", async () => {
      expect(await check(claims())).toMatchObject({
        kind: "valid",
        session: { id: "member-session-test-1" },
      });
    });

    it("expired: its sole fault is exp, and it names its session and member", async () => {
      const past = Math.floor(clock.now() / 1000) - 600;
      expect(await check(claims({ iat: past, nbf: past, exp: past + 300 }))).toEqual({
        kind: "expired",
        sessionId: "member-session-test-1",
        member: { organizationId: DEMO.organizations.acme.id, memberId: DEMO.people.ada.members.acme },
      });
    });

    it.each([
      ["another issuer", { iss: "stytch.com/project-test-someone-else" }],
      ["another audience", { aud: ["project-test-someone-else"] }],
      ["another issuer, and expired", { iss: "evil", exp: 1 }],
    ])("invalid: %s, even with a good signature", async (_, overrides) => {
      expect(await check(claims(overrides))).toEqual({ kind: "invalid" });
    });

    it("invalid: a signature that does not verify", async () => {
      const jwt = signJwt(key, claims());
      const tampered = jwt.slice(0, -4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
      const verifier = new SessionJwtVerifier({
        projectId: DEV_PROJECT_ID,
        baseUrl: jwksUrl,
        now: clock.now,
      });
      expect(await verifier.check(tampered)).toEqual({ kind: "invalid" });
    });
  });
});
