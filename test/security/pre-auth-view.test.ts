import { DEMO, defaultSeed, type EmulatorSeed } from "../../src/emulator";
import { startStack, type Stack } from "../support/start-stack";

/**
 * Someone holding only a primary factor must not read what the second factor protects: the review read the full
 * MFA phone number (to SIM-swap) from MfaChallenge.member, from viewer.organizations without switching at all,
 * and SSO attributes and trusted metadata from PrimaryAuthRequired.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.reset();
  stack.emulator.seed(seedWithSecrets());
});

/** The default seed, with backend-only data on every organization and member of Ada's. */
function seedWithSecrets(): EmulatorSeed {
  const seed = defaultSeed();
  for (const organization of seed.organizations) {
    organization.trusted_metadata = { plan: "secret-plan" };
    organization.organization_external_id = `ext-${organization.organization_slug}`;
  }
  for (const member of seed.members) {
    member.trusted_metadata = { salary: "secret-salary" };
    member.untrusted_metadata = { note: "secret-note" };
    member.external_id = `ext-${member.member_id}`;
  }
  return seed;
}

const MEMBER_FIELDS = `id email name status mfaPhoneNumber totpRegistrationId passwordId externalId trustedMetadata
  untrustedMetadata ssoRegistrations { ssoAttributes externalId } oauthRegistrations { providerSubject }
  scimRegistration { externalId } retiredEmailAddresses { emailAddress }
  organization { id trustedMetadata externalId }`;
const ORGANIZATION_FIELDS = `id name slug mfaPolicy allowedAuthMethods ssoActiveConnections { connectionId }
  trustedMetadata externalId scimActiveConnection { bearerTokenLastFour } allowedOauthTenants
  customRoles { roleId } rbacEmailImplicitRoleAssignments { roleId }`;

const SWITCH = `mutation ($orgId: ID!) { exchangeSession(orgId: $orgId) {
  __typename ... on ExchangeOutcome { member { ${MEMBER_FIELDS} } organization { ${ORGANIZATION_FIELDS} } }
  ... on MfaChallenge { phoneNumber }
} }`;

const WITHHELD_MEMBER = {
  mfaPhoneNumber: null,
  totpRegistrationId: null,
  passwordId: null,
  externalId: null,
  trustedMetadata: null,
  untrustedMetadata: null,
  ssoRegistrations: null,
  oauthRegistrations: null,
  scimRegistration: null,
  retiredEmailAddresses: null,
  organization: { trustedMetadata: null, externalId: null },
};
const WITHHELD_ORGANIZATION = {
  trustedMetadata: null,
  externalId: null,
  scimActiveConnection: null,
  allowedOauthTenants: null,
  customRoles: null,
  rbacEmailImplicitRoleAssignments: null,
};

const expectNoSecrets = (text: string) => {
  for (const secret of ["secret-plan", "secret-salary", "secret-note", "ext-", DEMO.people.ada.phoneNumber])
    expect(text).not.toContain(secret);
};

describe("before the second factor", () => {
  it("MfaChallenge shows the masked phone only, and nothing backend-only", async () => {
    const answer = await stack.gql(SWITCH, { orgId: "globex" }, stack.emulator.demoSessions.ada.sessionToken);
    const challenge = answer.body.data!.exchangeSession as Record<string, any>;
    expect(challenge.__typename).toBe("MfaChallenge");
    expect(challenge.phoneNumber).toBe(DEMO.people.ada.maskedPhoneNumber);
    expect(challenge.member).toMatchObject({
      email: DEMO.people.ada.email,
      name: "Ada Lovelace",
      ...WITHHELD_MEMBER,
    });
    expect(challenge.organization).toMatchObject({
      slug: "globex",
      mfaPolicy: "REQUIRED_FOR_ALL",
      ...WITHHELD_ORGANIZATION,
    });
    expectNoSecrets(answer.text);
  });

  it("PrimaryAuthRequired shows the SSO connections to start with, and no identity-provider attributes", async () => {
    const answer = await stack.gql(
      SWITCH,
      { orgId: "initech" },
      stack.emulator.demoSessions.ada.sessionToken,
    );
    const step = answer.body.data!.exchangeSession as Record<string, any>;
    expect(step.__typename).toBe("PrimaryAuthRequired");
    expect(step.member).toMatchObject(WITHHELD_MEMBER);
    expect(step.organization.ssoActiveConnections).toEqual([
      { connectionId: DEMO.organizations.initech.ssoConnectionId },
    ]);
    expect(answer.text).not.toContain("Engineering");
    expectNoSecrets(answer.text);
  });

  it("viewer.organizations withholds the same for every organization but the current one", async () => {
    const answer = await stack.gql(
      `{ viewer { organizations { isCurrent nextStep organization { ${ORGANIZATION_FIELDS} } member { ${MEMBER_FIELDS} } } } }`,
      {},
      stack.emulator.demoSessions.ada.sessionJwt,
    );
    const listed = answer.body.data!.viewer as { organizations: Array<Record<string, any>> };
    const others = listed.organizations.filter((entry) => !entry.isCurrent);
    expect(others.length).toBeGreaterThanOrEqual(3);
    for (const entry of others) expect(entry.organization).toMatchObject(WITHHELD_ORGANIZATION);
    const members = others.map((entry) => entry.member).filter((member) => member !== null);
    expect(members.length).toBeGreaterThanOrEqual(3);
    for (const member of members) expect(member).toMatchObject(WITHHELD_MEMBER);
    const current = listed.organizations.find((entry) => entry.isCurrent)!;
    expect(current.organization.trustedMetadata).toEqual({ plan: "secret-plan" });
    expect(current.member.trustedMetadata).toEqual({ salary: "secret-salary" });
  });
});

describe("once fully authenticated there", () => {
  it("AuthenticatedSession and viewer show everything, as before", async () => {
    const answer = await stack.gql(SWITCH, { orgId: "hooli" }, stack.emulator.demoSessions.ada.sessionToken);
    const session = answer.body.data!.exchangeSession as Record<string, any>;
    expect(session.__typename).toBe("AuthenticatedSession");
    expect(session.member.trustedMetadata).toEqual({ salary: "secret-salary" });
    expect(session.member.organization.trustedMetadata).toEqual({ plan: "secret-plan" });
    expect(session.organization.trustedMetadata).toEqual({ plan: "secret-plan" });
    const viewer = await stack.gql(
      `{ viewer { member { ${MEMBER_FIELDS} } organization { ${ORGANIZATION_FIELDS} } } }`,
      {},
      stack.emulator.demoSessions.ada.sessionToken,
    );
    expect((viewer.body.data!.viewer as any).member.oauthRegistrations).toHaveLength(1);
    expect((viewer.body.data!.viewer as any).member.externalId).toBe(`ext-${DEMO.people.ada.members.acme}`);
  });
});
