import {
  createEmulator,
  DEMO,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scaleMemberId,
  scaleOrganizationId,
  scaleSeed,
} from "../../src/emulator";
import { expectStytchError, sdkClient, startEmulator, type TestEmulator } from "./helpers";

// organizations.get / search and organizations.members.get / search, including pagination and scale seeds.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const ids = (orgs: { organization_id: string }[]) => orgs.map((o) => o.organization_id);
const byIds = (values: string[]) => ({
  operator: "AND",
  operands: [{ filter_name: "organization_ids", filter_value: values }],
});

describe("organizations.get", () => {
  it("finds an org by id, slug and external id, with the full Organization object", async () => {
    for (const ref of [DEMO.organizations.acme.id, "acme", "acme-external-001"]) {
      const r = await t.client.organizations.get({ organization_id: ref });
      expect(r.organization.organization_id).toBe(DEMO.organizations.acme.id);
    }
    const acme = (await t.client.organizations.get({ organization_id: "acme" })).organization;
    expect(acme.custom_roles[0].permissions[0]).toEqual({ resource_id: "invoice", actions: ["read", "pay"] });
    expect(acme.scim_active_connection?.bearer_token_last_four).toBe("a1b2");
    const initech = (await t.client.organizations.get({ organization_id: "initech" })).organization;
    expect(initech).toMatchObject({ auth_methods: "RESTRICTED", allowed_auth_methods: ["sso"] });
    expect(initech.sso_default_connection_id).toBe(initech.sso_active_connections[0].connection_id);
  });

  it("unknown org -> 404 organization_not_found; odd characters are path-encoded by the SDK", async () => {
    await expectStytchError(
      t.client.organizations.get({ organization_id: "nope" }),
      404,
      "organization_not_found",
    );
    await expectStytchError(
      t.client.organizations.get({ organization_id: "a slug/with?odd#chars" }),
      404,
      "organization_not_found",
    );
  });
});

describe("organizations.search", () => {
  it("filters by ids and slugs, AND and OR, and returns everything without a query", async () => {
    const all = await t.client.organizations.search({});
    expect(ids(all.organizations)).toEqual(Object.values(DEMO.organizations).map((o) => o.id));
    expect(all.results_metadata).toEqual({ total: 5, next_cursor: null });

    const two = await t.client.organizations.search({
      query: byIds([DEMO.organizations.globex.id, DEMO.organizations.acme.id, "organization-test-missing"]),
    });
    expect(ids(two.organizations)).toEqual([DEMO.organizations.acme.id, DEMO.organizations.globex.id]);
    expect(two.results_metadata.total).toBe(2);

    const or = await t.client.organizations.search({
      query: {
        operator: "OR",
        operands: [
          { filter_name: "organization_ids", filter_value: [DEMO.organizations.hooli.id] },
          { filter_name: "organization_slugs", filter_value: ["initech"] },
        ],
      },
    });
    expect(ids(or.organizations)).toEqual([DEMO.organizations.initech.id, DEMO.organizations.hooli.id]);

    const and = await t.client.organizations.search({
      query: {
        operator: "AND",
        operands: [
          { filter_name: "organization_ids", filter_value: [DEMO.organizations.hooli.id] },
          { filter_name: "organization_slugs", filter_value: ["initech"] },
        ],
      },
    });
    expect(and.organizations).toEqual([]);

    const byEmail = await t.client.organizations.search({
      query: {
        operator: "AND",
        operands: [{ filter_name: "member_emails", filter_value: ["bob@example.com"] }],
      },
    });
    expect(ids(byEmail.organizations)).toEqual([DEMO.organizations.acme.id, DEMO.organizations.globex.id]);
  });

  it("paginates with limit and cursor", async () => {
    const first = await t.client.organizations.search({ limit: 2 });
    expect(first.organizations).toHaveLength(2);
    expect(first.results_metadata.total).toBe(5);
    expect(typeof first.results_metadata.next_cursor).toBe("string");
    const second = await t.client.organizations.search({
      limit: 2,
      cursor: first.results_metadata.next_cursor,
    });
    const third = await t.client.organizations.search({
      limit: 2,
      cursor: second.results_metadata.next_cursor,
    });
    expect(third.organizations).toHaveLength(1);
    expect(third.results_metadata.next_cursor).toBeNull();
    expect([...ids(first.organizations), ...ids(second.organizations), ...ids(third.organizations)]).toEqual(
      Object.values(DEMO.organizations).map((o) => o.id),
    );
  });

  it("errors: limit > 1000, unknown filter name, bad operator, bad cursor", async () => {
    await expectStytchError(t.client.organizations.search({ limit: 1001 }), 400, "bad_request");
    await t.client.organizations.search({ limit: 1000 });
    await expectStytchError(
      t.client.organizations.search({
        query: { operator: "AND", operands: [{ filter_name: "organization_colour", filter_value: ["x"] }] },
      }),
      400,
      "organization_search_filter_name_not_recognized",
    );
    await expectStytchError(
      t.client.organizations.search({
        query: { operator: "AND", operands: [{ filter_name: "organization_ids", filter_value: "x" }] },
      }),
      400,
      "organization_search_expected_array_of_strings",
    );
    await expectStytchError(
      t.client.organizations.search({ query: { operator: "XOR", operands: [] } }),
      400,
      "bad_request",
    );
    await expectStytchError(t.client.organizations.search({ cursor: "garbage" }), 400, "bad_request");
  });
});

describe("organizations.members.get", () => {
  it("finds a member by id, external id or email; returns the org too", async () => {
    const byId = await t.client.organizations.members.get({
      organization_id: "acme",
      member_id: DEMO.people.ada.members.acme,
    });
    expect(byId.member.email_address).toBe("ada@example.com");
    expect(byId.organization.organization_slug).toBe("acme");
    const byExternal = await t.client.organizations.members.get({
      organization_id: "acme",
      member_id: "ada-acme",
    });
    expect(byExternal.member_id).toBe(DEMO.people.ada.members.acme);
    const byEmail = await t.client.organizations.members.get({
      organization_id: "globex",
      email_address: "ADA@example.com",
    });
    expect(byEmail.member.mfa_phone_number).toBe("+15555550100");
    expect(byEmail.member).not.toHaveProperty("totp_secret");
  });

  it("errors: member of another org, unknown org, neither field", async () => {
    await expectStytchError(
      t.client.organizations.members.get({
        organization_id: "globex",
        member_id: DEMO.people.ada.members.acme,
      }),
      404,
      "member_not_found",
    );
    await expectStytchError(
      t.client.organizations.members.get({ organization_id: "nope", member_id: "x" }),
      404,
      "organization_not_found",
    );
    await expectStytchError(
      t.client.organizations.members.get({ organization_id: "acme" }),
      400,
      "invalid_member_get_fields",
    );
  });
});

describe("organizations.members.search", () => {
  it("searches members of several orgs and maps their organizations", async () => {
    const r = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.acme.id, DEMO.organizations.globex.id],
      query: {
        operator: "AND",
        operands: [{ filter_name: "member_emails", filter_value: ["ada@example.com", "bob@example.com"] }],
      },
    });
    expect(r.members.map((m) => m.member_id).sort()).toEqual(
      [
        DEMO.people.ada.members.acme,
        DEMO.people.ada.members.globex,
        DEMO.people.bob.members.acme,
        DEMO.people.bob.members.globex,
      ].sort(),
    );
    expect(Object.keys(r.organizations).sort()).toEqual(
      [DEMO.organizations.acme.id, DEMO.organizations.globex.id].sort(),
    );
    expect(r.organizations[DEMO.organizations.globex.id].mfa_policy).toBe("REQUIRED_FOR_ALL");

    const one = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.acme.id],
      query: {
        operator: "OR",
        operands: [{ filter_name: "member_ids", filter_value: [DEMO.people.carol.members.acme] }],
      },
    });
    expect(one.members.map((m) => m.name)).toEqual(["Carol Danvers"]);
    expect(Object.keys(one.organizations)).toEqual([DEMO.organizations.acme.id]);

    const invited = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.hooli.id],
      query: { operator: "AND", operands: [{ filter_name: "statuses", filter_value: ["invited"] }] },
    });
    expect(invited.members.map((m) => m.member_id)).toEqual([DEMO.people.ada.members.hooli]);
  });

  it("paginates, and returns an empty organizations map for no results", async () => {
    const first = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.acme.id],
      limit: 3,
    });
    expect(first.results_metadata.total).toBe(4);
    const second = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.acme.id],
      limit: 3,
      cursor: first.results_metadata.next_cursor,
    });
    expect(second.members).toHaveLength(1);
    expect(second.results_metadata.next_cursor).toBeNull();
    const none = await t.client.organizations.members.search({
      organization_ids: [DEMO.organizations.acme.id],
      query: {
        operator: "AND",
        operands: [{ filter_name: "member_emails", filter_value: ["nobody@example.com"] }],
      },
    });
    expect(none.members).toEqual([]);
    expect(none.organizations).toEqual({});
  });

  it("errors: empty organization_ids, unknown filter, limit > 1000", async () => {
    await expectStytchError(
      t.client.organizations.members.search({ organization_ids: [] }),
      400,
      "member_search_organization_ids_empty",
    );
    await expectStytchError(
      t.client.organizations.members.search({
        organization_ids: [DEMO.organizations.acme.id],
        query: { operator: "AND", operands: [{ filter_name: "member_shoe_size", filter_value: ["x"] }] },
      }),
      400,
      "member_search_filter_name_not_recognized",
    );
    await expectStytchError(
      t.client.organizations.members.search({ organization_ids: [DEMO.organizations.acme.id], limit: 5000 }),
      400,
      "bad_request",
    );
  });
});

describe("scale seed", () => {
  it("serves a member of 50 organizations and 100+ distinct members, with sessions for them", async () => {
    const emu = createEmulator({
      projectId: DEV_PROJECT_ID,
      secret: DEV_SECRET,
      seed: scaleSeed({ people: 120, organizations: 50, membershipsPerPerson: 50 }),
    });
    const { url } = await emu.start({ port: 0 });
    try {
      const client = sdkClient(url);
      const orgIds = Array.from({ length: 50 }, (_, i) => scaleOrganizationId(i));
      const orgs = await client.organizations.search({ query: byIds(orgIds), limit: 1000 });
      expect(orgs.organizations).toHaveLength(50);
      const members = await client.organizations.members.search({
        organization_ids: orgIds.slice(0, 3),
        limit: 1000,
      });
      expect(new Set(members.members.map((m) => m.member_id)).size).toBe(360);
      expect(Object.keys(members.organizations)).toHaveLength(3);

      const session = emu.createSession({ memberId: scaleMemberId(7, 0) });
      const list = await client.discovery.organizations.list({ session_token: session.sessionToken });
      expect(list.discovered_organizations).toHaveLength(50);
      const r = await client.sessions.exchange({
        organization_id: scaleOrganizationId(42),
        session_token: session.sessionToken,
      });
      expect(r.member_id).toBe(scaleMemberId(7, 42));
      expect(r.member_authenticated).toBe(true);
      // The default seed is still there.
      expect(
        (await client.organizations.get({ organization_id: "acme" })).organization.organization_name,
      ).toBe("Acme Corp");
    } finally {
      await emu.stop();
    }
  });
});
