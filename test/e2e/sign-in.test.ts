/**
 * Signing in through the API and finishing every answer it gives, as a web app (cookies only: no token in any
 * answer, none readable by scripts) and as a mobile app (tokens in answers, sent back as arguments). Each step's
 * Stytch calls are counted at the emulator.
 */
import { DEMO, defaultSeed, type EmulatorSeed } from "../../src/emulator";
import { createFrontendClient, parseSetCookie, type FrontendClient } from "../support/clients";
import { COMPLETE_MFA, VIEWER } from "../support/flow-operations";
import {
  COMPLETE_PRIMARY_WITH_CODE,
  COMPLETE_PRIMARY_WITH_LINK,
  COMPLETE_SSO,
  ENTER_ORGANIZATION,
  SEND_SIGN_IN_CODE,
  SEND_SIGN_IN_LINK,
  SIGN_IN_WITH_CODE,
  SIGN_IN_WITH_LINK,
  SWITCH_TO,
} from "../support/sign-in-operations";
import { SSO_PAGE, startStack, type Stack } from "../support/start-stack";
import { createEmulator, DEV_PROJECT_ID, DEV_SECRET } from "../../src/emulator";

const ADA = DEMO.people.ada;
const ORG = DEMO.organizations;
const APP_ORIGIN = "https://app.example.com";
const JWKS = "/v1/b2b/sessions/jwks/{project_id}";

/** An organization that accepts SSO or an email code, where Ada's demo session (a magic link) is not enough. */
const INITRODE = {
  id: "organization-test-00000000-0000-4000-8000-0000000f0001",
  slug: "initrode",
  connectionId: "saml-connection-test-00000000-0000-4000-8000-0000000f0002",
  adaMemberId: "member-test-00000000-0000-4000-8000-0000000f0003",
};

/** An organization that accepts only magic links: an email code sign-in is not enough there. */
const LINKS_ONLY = {
  id: "organization-test-00000000-0000-4000-8000-0000000f0004",
  slug: "links-only",
  adaMemberId: "member-test-00000000-0000-4000-8000-0000000f0005",
};

type SeedOrganization = EmulatorSeed["organizations"][number];
type SeedMember = EmulatorSeed["members"][number];

/** A copy of a seeded organization under another id, with Ada's member there copied from one of hers. */
function addOrganization(
  seed: EmulatorSeed,
  from: { slug: string; adaMemberId: string },
  organization: Partial<SeedOrganization> & { organization_id: string },
  adaMemberId: string,
  member: Partial<SeedMember> = {},
): void {
  const original = seed.organizations.find((o) => o.organization_slug === from.slug)!;
  seed.organizations.push({ ...structuredClone(original), ...organization });
  const ada = seed.members.find((m) => m.member_id === from.adaMemberId)!;
  seed.members.push({
    ...structuredClone(ada),
    organization_id: organization.organization_id,
    member_id: adaMemberId,
    sso_registrations: [],
    ...member,
  });
}

/** The default seed, plus initrode (SSO or email code) and links-only (magic links only), Ada in both. */
function signInSeed(): EmulatorSeed {
  const seed = defaultSeed();
  const connection = {
    connection_id: INITRODE.connectionId,
    display_name: "Initrode Entra",
    identity_provider: "microsoft-entra",
  };
  addOrganization(
    seed,
    { slug: "initech", adaMemberId: ADA.members.initech },
    {
      organization_id: INITRODE.id,
      organization_slug: INITRODE.slug,
      organization_name: "Initrode",
      allowed_auth_methods: ["sso", "email_otp"],
      sso_active_connections: [connection],
      sso_default_connection_id: INITRODE.connectionId,
    },
    INITRODE.adaMemberId,
  );
  addOrganization(
    seed,
    { slug: "hooli", adaMemberId: ADA.members.acme },
    {
      organization_id: LINKS_ONLY.id,
      organization_slug: LINKS_ONLY.slug,
      organization_name: "Links Only",
      auth_methods: "RESTRICTED",
      allowed_auth_methods: ["magic_link"],
    },
    LINKS_ONLY.adaMemberId,
    { scim_registration: undefined, external_id: "" },
  );
  return seed;
}

let stack: Stack;
beforeAll(async () => {
  const emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: signInSeed(),
  });
  stack = await startStack({ emulator });
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

/** Stytch routes called since the last `calls()` (JWKS fetches aside). */
function callCounter() {
  stack.emulator.clearRequestLog();
  return () => {
    const routes = stack.emulator
      .requestLog()
      .filter((entry) => entry.route !== JWKS)
      .map((entry) => entry.route ?? entry.path);
    stack.emulator.clearRequestLog();
    return routes;
  };
}

/** A web app's page on APP_ORIGIN: it starts with no cookie at all. */
const webApp = () => createFrontendClient(stack.url, { origin: APP_ORIGIN });
/** A mobile app: no Origin, no cookies; it keeps what answers give it. */
function mobileApp() {
  let bearer: string | undefined;
  const app = createFrontendClient(stack.url, { bearer: () => bearer });
  return { ...app, signInAs: (token: string) => (bearer = token) };
}

/** No answer a web app got held a token, and no cookie it was given is readable by scripts. */
function expectNoTokenReachedScripts(app: FrontendClient) {
  for (const exchange of app.exchanges) {
    expect(exchange.body).not.toMatch(/"(sessionToken|sessionJwt|intermediateSessionToken)":"[^"]/);
    for (const header of exchange.setCookies)
      expect(parseSetCookie(header).attributes.has("httponly")).toBe(true);
  }
}

async function signInWithEmailCode(app: FrontendClient, email = ADA.email) {
  expect((await app.mutate(SEND_SIGN_IN_CODE, { email })).data).toEqual({ sendSignInCode: true });
  const { code } = stack.emulator.lastEmailOtp(email)!;
  return app.mutate(SIGN_IN_WITH_CODE, { email, code });
}

/** The browser's round trip through the stand-in identity provider: start URL → sign in → back with a token. */
async function ssoRoundTrip(startUrl: string, email: string): Promise<string> {
  const start = await fetch(startUrl, { redirect: "manual" });
  expect(start.status).toBe(302);
  const idp = new URL(start.headers.get("location")!, startUrl);
  const back = await fetch(idp, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email_address: email }).toString(),
    redirect: "manual",
  });
  const returned = new URL(back.headers.get("location")!);
  expect(`${returned.origin}${returned.pathname}`).toBe(SSO_PAGE);
  expect(returned.searchParams.get("stytch_token_type")).toBe("sso");
  return returned.searchParams.get("token")!;
}

describe("web: sign in with an email code, cookies only", () => {
  it("lists the organizations, then enters a plain one: one Stytch call per step", async () => {
    const app = webApp();
    const calls = callCounter();
    expect((await app.mutate(SEND_SIGN_IN_CODE, { email: ADA.email })).data).toEqual({
      sendSignInCode: true,
    });
    expect(calls()).toEqual(["/v1/b2b/otps/email/discovery/send"]);
    const { code } = stack.emulator.lastEmailOtp(ADA.email)!;
    const signedIn = await app.mutate(SIGN_IN_WITH_CODE, { email: ADA.email, code });
    expect(calls()).toEqual(["/v1/b2b/otps/email/discovery/authenticate"]);
    const signIn = signedIn.data.signInWithCode;
    expect(signIn).toMatchObject({ email: ADA.email, intermediateSessionToken: null });
    const slugs = signIn.organizations.map((entry: any) => entry.organization.slug).sort();
    expect(slugs).toEqual(["acme", "globex", "hooli", "initech", "initrode", "links-only", "umbrella"]);
    // Nothing is entered yet: every entry is reduced (Ada's globex phone withheld).
    const globex = signIn.organizations.find((entry: any) => entry.organization.slug === "globex");
    expect(globex).toMatchObject({
      isCurrent: false,
      nextStep: "MFA_REQUIRED",
      member: { mfaPhoneNumber: null },
    });

    const entered = await app.mutate(ENTER_ORGANIZATION, { orgId: ORG.acme.id });
    expect(calls()).toEqual(["/v1/b2b/discovery/intermediate_sessions/exchange"]);
    expect(entered.data.enterOrganization).toMatchObject({
      __typename: "AuthenticatedSession",
      sessionToken: null,
      sessionJwt: null,
      member: { id: ADA.members.acme, email: ADA.email, name: ADA.name },
      organization: { slug: "acme", name: ORG.acme.name },
      session: {
        organizationId: ORG.acme.id,
        authenticationFactors: [{ type: "otp", deliveryMethod: "email" }],
      },
    });
    const viewer = await app.query(VIEWER);
    expect(viewer.data.viewer.member.id).toBe(ADA.members.acme);
    expectNoTokenReachedScripts(app);
  });

  it("enters an MFA organization and finishes with completeMfa", async () => {
    const app = webApp();
    await signInWithEmailCode(app);
    const calls = callCounter();
    const entered = await app.mutate(ENTER_ORGANIZATION, { orgId: "globex" });
    expect(calls()).toEqual(["/v1/b2b/discovery/intermediate_sessions/exchange"]);
    expect(entered.data.enterOrganization).toMatchObject({
      __typename: "MfaChallenge",
      intermediateSessionToken: null,
      smsCodeSent: true,
      phoneNumber: "XXXXXXX0100",
    });
    const { code } = stack.emulator.lastSmsCode(ADA.members.globex)!;
    const done = await app.mutate(COMPLETE_MFA, {
      orgId: ORG.globex.id,
      memberId: ADA.members.globex,
      method: "SMS_OTP",
      code,
    });
    expect(calls()).toEqual(["/v1/b2b/otps/sms/authenticate"]);
    expect(done.data.completeMfa).toMatchObject({ __typename: "AuthenticatedSession", sessionToken: null });
    expect((await app.query(VIEWER)).data.viewer.member.id).toBe(ADA.members.globex);
    expectNoTokenReachedScripts(app);
  });

  it("enters an SSO-only organization: PrimaryAuthRequired → SSO start → redirect token → session", async () => {
    const app = webApp();
    await signInWithEmailCode(app);
    const required = (await app.mutate(ENTER_ORGANIZATION, { orgId: "initech" })).data.enterOrganization;
    expect(required).toMatchObject({
      __typename: "PrimaryAuthRequired",
      allowedAuthMethods: ["sso"],
      intermediateSessionToken: null,
      ssoConnections: [{ connectionId: ORG.initech.ssoConnectionId, displayName: "Initech Okta" }],
    });
    const token = await ssoRoundTrip(required.ssoConnections[0].startUrl, ADA.email);
    const calls = callCounter();
    const done = await app.mutate(COMPLETE_SSO, { token });
    expect(calls()).toEqual(["/v1/b2b/sso/authenticate"]);
    const session = done.data.completeSso;
    expect(session).toMatchObject({ __typename: "AuthenticatedSession", organization: { slug: "initech" } });
    // The sign-in's email code carried over, and SSO was added: what initech asked for.
    const factors = session.session.authenticationFactors.map((factor: any) => [
      factor.type,
      factor.deliveryMethod,
    ]);
    expect(factors).toEqual([
      ["otp", "email"],
      ["sso", "sso_saml"],
    ]);
    expect((await app.query(VIEWER)).data.viewer.member.id).toBe(ADA.members.initech);
    expectNoTokenReachedScripts(app);
  });
});

describe("web: exchangeSession into an organization that wants another sign-in", () => {
  const adaBrowser = () => {
    const ada = stack.emulator.demoSessions.ada;
    return createFrontendClient(stack.url, {
      origin: APP_ORIGIN,
      cookies: { stytch_session: ada.sessionToken, stytch_session_jwt: ada.sessionJwt },
    });
  };

  it("is finished by SSO", async () => {
    const app = adaBrowser();
    const required = (await app.mutate(SWITCH_TO, { orgId: INITRODE.slug })).data.exchangeSession;
    expect(required).toMatchObject({
      __typename: "PrimaryAuthRequired",
      allowedAuthMethods: ["sso", "email_otp"],
      ssoConnections: [{ connectionId: INITRODE.connectionId }],
    });
    const token = await ssoRoundTrip(required.ssoConnections[0].startUrl, ADA.email);
    const done = (await app.mutate(COMPLETE_SSO, { token })).data.completeSso;
    expect(done).toMatchObject({ __typename: "AuthenticatedSession", organization: { slug: "initrode" } });
    expectNoTokenReachedScripts(app);
  });

  it("is finished by an email code, which the organization also allows", async () => {
    const app = adaBrowser();
    await app.mutate(SWITCH_TO, { orgId: INITRODE.slug });
    const calls = callCounter();
    await app.mutate(SEND_SIGN_IN_CODE, { email: ADA.email, orgId: INITRODE.id });
    expect(calls()).toEqual(["/v1/b2b/otps/email/login_or_signup"]);
    const { code } = stack.emulator.lastEmailOtp(ADA.email, INITRODE.id)!;
    const done = await app.mutate(COMPLETE_PRIMARY_WITH_CODE, { orgId: INITRODE.id, email: ADA.email, code });
    expect(calls()).toEqual(["/v1/b2b/otps/email/authenticate"]);
    expect(done.data.completePrimaryAuthWithCode).toMatchObject({
      __typename: "AuthenticatedSession",
      member: { id: INITRODE.adaMemberId },
    });
    expect((await app.query(VIEWER)).data.viewer.organization.slug).toBe("initrode");
    expectNoTokenReachedScripts(app);
  });

  it("refuses an email code for SSO-only initech with a clear error, whoever the address is", async () => {
    const app = adaBrowser();
    await app.mutate(SWITCH_TO, { orgId: "initech" });
    for (const email of [ADA.email, "nobody@example.com"]) {
      const sent = await app.mutate(SEND_SIGN_IN_CODE, { email, orgId: ORG.initech.id });
      expect(sent.error.errors.map((error: any) => [error.extensions.code, error.message])).toEqual([
        ["BAD_USER_INPUT", "This organization does not accept this way of signing in (allowedAuthMethods)."],
      ]);
      expect(stack.emulator.lastEmailOtp(email, ORG.initech.id)).toBeUndefined();
    }
  });
});

describe("web: PrimaryAuthRequired finished by a sign-in link into that organization", () => {
  it("enters a links-only organization after an email code sign-in", async () => {
    const app = webApp();
    await signInWithEmailCode(app);
    const required = (await app.mutate(ENTER_ORGANIZATION, { orgId: LINKS_ONLY.slug })).data
      .enterOrganization;
    expect(required).toMatchObject({ __typename: "PrimaryAuthRequired", allowedAuthMethods: ["magic_link"] });
    // Emails to one address are 30 s apart: the code's was just sent.
    stack.throttleClock.advance(31_000);
    const calls = callCounter();
    await app.mutate(SEND_SIGN_IN_LINK, { email: ADA.email, orgId: LINKS_ONLY.id });
    expect(calls()).toEqual(["/v1/b2b/magic_links/email/login_or_signup"]);
    const link = stack.emulator.lastMagicLink(ADA.email, LINKS_ONLY.id)!;
    expect(new URL(link.url).searchParams.get("stytch_token_type")).toBe("multi_tenant_magic_links");
    const done = await app.mutate(COMPLETE_PRIMARY_WITH_LINK, { token: link.token });
    expect(calls()).toEqual(["/v1/b2b/magic_links/authenticate"]);
    expect(done.data.completePrimaryAuthWithLink).toMatchObject({
      __typename: "AuthenticatedSession",
      member: { id: LINKS_ONLY.adaMemberId },
      organization: { slug: LINKS_ONLY.slug },
    });
    expectNoTokenReachedScripts(app);
  });
});

describe("links and SSO are bound to the browser that asked (PKCE)", () => {
  it("signs in with a link in the browser that asked for it", async () => {
    const app = webApp();
    await app.mutate(SEND_SIGN_IN_LINK, { email: ADA.email });
    const link = stack.emulator.lastMagicLink(ADA.email)!;
    expect(new URL(link.url).searchParams.get("stytch_token_type")).toBe("discovery");
    const signedIn = await app.mutate(SIGN_IN_WITH_LINK, { token: link.token });
    expect(signedIn.data.signInWithLink).toMatchObject({ email: ADA.email, intermediateSessionToken: null });
    expectNoTokenReachedScripts(app);
  });

  it("refuses a link asked for by another browser: an attacker's link cannot sign a victim in", async () => {
    const attacker = webApp();
    await attacker.mutate(SEND_SIGN_IN_LINK, { email: DEMO.people.dave.email });
    const { token } = stack.emulator.lastMagicLink(DEMO.people.dave.email)!;
    const victim = webApp();
    const answer = await victim.mutate(SIGN_IN_WITH_LINK, { token });
    expect(answer.error.errors[0].extensions.code).toBe("SIGN_IN_PROOF_INVALID");
    expect(victim.jar.getCookieStringSync(stack.url)).not.toMatch(/stytch_intermediate_session=/);
    // The asker can still use it: the refusal did not use the link up.
    expect((await attacker.mutate(SIGN_IN_WITH_LINK, { token })).data.signInWithLink.email).toBe(
      DEMO.people.dave.email,
    );
  });

  it("refuses an SSO token from a start another browser made", async () => {
    const app = webApp();
    await signInWithEmailCode(app);
    const required = (await app.mutate(ENTER_ORGANIZATION, { orgId: "initech" })).data.enterOrganization;
    expect(new URL(required.ssoConnections[0].startUrl).searchParams.get("pkce_code_challenge")).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
    const token = await ssoRoundTrip(required.ssoConnections[0].startUrl, ADA.email);
    const other = webApp();
    const answer = await other.mutate(COMPLETE_SSO, { token });
    expect(answer.error.errors[0].extensions.code).toBe("SIGN_IN_PROOF_INVALID");
    expect((await app.mutate(COMPLETE_SSO, { token })).data.completeSso.__typename).toBe(
      "AuthenticatedSession",
    );
  });

  it("refuses in a browser a link minted without PKCE (asked for by an app) or an SSO start stripped of it", async () => {
    const attackerApp = mobileApp();
    await attackerApp.mutate(SEND_SIGN_IN_LINK, { email: DEMO.people.dave.email });
    const { token: link } = stack.emulator.lastMagicLink(DEMO.people.dave.email)!;
    const victim = webApp();
    const byLink = await victim.mutate(SIGN_IN_WITH_LINK, { token: link });
    expect(byLink.error.errors[0].extensions.code).toBe("SIGN_IN_PROOF_INVALID");

    const attacker = webApp();
    await signInWithEmailCode(attacker);
    const required = (await attacker.mutate(ENTER_ORGANIZATION, { orgId: "initech" })).data.enterOrganization;
    const stripped = new URL(required.ssoConnections[0].startUrl);
    stripped.searchParams.delete("pkce_code_challenge");
    const token = await ssoRoundTrip(stripped.href, ADA.email);
    const bySso = await victim.mutate(COMPLETE_SSO, { token });
    expect(bySso.error.errors[0].extensions.code).toBe("SIGN_IN_PROOF_INVALID");
    expect(victim.jar.getCookieStringSync(stack.url)).not.toMatch(
      /stytch_session=|stytch_intermediate_session=/,
    );
  });

  it("leaves mobile apps, which hold no cookies, to links without PKCE", async () => {
    const app = mobileApp();
    await app.mutate(SEND_SIGN_IN_LINK, { email: ADA.email });
    const { token } = stack.emulator.lastMagicLink(ADA.email)!;
    const signIn = (await app.mutate(SIGN_IN_WITH_LINK, { token })).data.signInWithLink;
    expect(signIn.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });
});

describe("mobile: the same journey with tokens", () => {
  it("signs in, enters an MFA organization with the sign-in's token, completes MFA and uses the session", async () => {
    const app = mobileApp();
    const signIn = (await signInWithEmailCode(app)).data.signInWithCode;
    expect(signIn.intermediateSessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(app.exchanges.flatMap((exchange) => exchange.setCookies)).toEqual([]);
    const challenge = (
      await app.mutate(ENTER_ORGANIZATION, { orgId: "globex", ist: signIn.intermediateSessionToken })
    ).data.enterOrganization;
    expect(challenge).toMatchObject({ __typename: "MfaChallenge", smsCodeSent: true });
    const { code } = stack.emulator.lastSmsCode(ADA.members.globex)!;
    const done = await app.mutate(COMPLETE_MFA, {
      orgId: ORG.globex.id,
      memberId: ADA.members.globex,
      method: "SMS_OTP",
      code,
      ist: challenge.intermediateSessionToken,
    });
    expect(done.data.completeMfa.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    app.signInAs(done.data.completeMfa.sessionToken);
    expect((await app.query(VIEWER)).data.viewer.member.id).toBe(ADA.members.globex);
  });

  it("finishes SSO with the token from the redirect and the pending step's token", async () => {
    const app = mobileApp();
    const signIn = (await signInWithEmailCode(app)).data.signInWithCode;
    const ist = signIn.intermediateSessionToken;
    const required = (await app.mutate(ENTER_ORGANIZATION, { orgId: "initech", ist })).data.enterOrganization;
    const token = await ssoRoundTrip(required.ssoConnections[0].startUrl, ADA.email);
    const done = (await app.mutate(COMPLETE_SSO, { token, ist: required.intermediateSessionToken })).data
      .completeSso;
    expect(done).toMatchObject({ __typename: "AuthenticatedSession", organization: { slug: "initech" } });
    expect(done.sessionJwt).toMatch(/^ey/);
  });
});
