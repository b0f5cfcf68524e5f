import { readFileSync } from "node:fs";
import { join } from "node:path";

import { DEMO, defaultSeed } from "../../src/emulator";
import { API_ROUTES } from "../../src/emulator/routes/table";
import { schemaErrors, startEmulator, type TestEmulator } from "./helpers";

// The schema check itself can fail, and the DEMO description matches what the emulator really does.

let t: TestEmulator;
beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

describe("schema validation of responses", () => {
  it("rejects a response that misses required fields or has the wrong types", async () => {
    const good = await t.client.organizations.get({ organization_id: "acme" });
    expect(schemaErrors("api_organization_v1_Get", good)).toBeNull();
    const withoutLogo: Record<string, unknown> = { ...good.organization };
    delete withoutLogo.organization_logo_url;
    expect(schemaErrors("api_organization_v1_Get", { ...good, organization: withoutLogo })).toMatch(
      /organization_logo_url/,
    );
    expect(schemaErrors("api_organization_v1_Get", { ...good, status_code: "200" })).toMatch(/status_code/);
  });

  it("checks exchange answers against both the OpenAPI and exchange-response.schema.json", async () => {
    const r = await t.client.sessions.exchange({
      organization_id: "globex",
      session_token: t.emu.demoSessions.ada.sessionToken,
    });
    expect(schemaErrors("api_b2b_session_v1_Exchange", r)).toBeNull();
    const missing: Record<string, unknown> = { ...r };
    delete missing.intermediate_session_token;
    expect(schemaErrors("api_b2b_session_v1_Exchange", missing)).toMatch(/intermediate_session_token/);
    // null is allowed only in the documented spots.
    expect(schemaErrors("api_b2b_session_v1_Exchange", { ...r, member: null })).toMatch(/member/);
  });
});

describe("the vendored OpenAPI subset", () => {
  it("covers every emulated route except the browser-facing SSO start (not in the OpenAPI)", () => {
    const file = join(__dirname, "..", "fixtures", "openapi", "stytch-b2b-subset.json");
    const subset = JSON.parse(readFileSync(file, "utf8")) as {
      operations: Record<string, { method: string; path: string }>;
    };
    const vendored = new Set(Object.values(subset.operations).map((op) => `${op.method} ${op.path}`));
    const missing = API_ROUTES.map((r) => `${r.method} ${r.template}`).filter((r) => !vendored.has(r));
    expect(missing).toEqual(["GET /v1/public/sso/start"]);
  });
});

describe("DEMO describes the default seed", () => {
  it("names orgs and members that exist", () => {
    const seed = defaultSeed();
    const orgIds = new Set(seed.organizations.map((o) => o.organization_id));
    for (const org of Object.values(DEMO.organizations)) expect(orgIds.has(org.id)).toBe(true);
    const members = new Map(seed.members.map((m) => [m.member_id, m]));
    for (const person of Object.values(DEMO.people)) {
      for (const [slug, id] of Object.entries(person.members)) {
        expect(members.get(id)?.email_address).toBe(person.email);
        expect(members.get(id)?.organization_id).toBe(
          DEMO.organizations[slug as keyof typeof DEMO.organizations].id,
        );
      }
    }
  });

  it("predicts every demo exchange outcome correctly", async () => {
    for (const [name, outcomes] of Object.entries(DEMO.outcomes)) {
      for (const [slug, expected] of Object.entries(outcomes)) {
        t.reset();
        const token = t.emu.demoSessions[name].sessionToken;
        let outcome: string;
        try {
          const r = await t.client.sessions.exchange({ organization_id: slug, session_token: token });
          outcome = r.member_authenticated
            ? "authenticated"
            : r.primary_required
              ? "primary_required"
              : "mfa_required";
        } catch (err) {
          outcome = (err as { error_type: string }).error_type;
        }
        expect(`${name} -> ${slug}: ${outcome}`).toBe(`${name} -> ${slug}: ${expected}`);
      }
    }
  });

  it("populates every optional field of the exchange response's member and organization somewhere", () => {
    const seed = defaultSeed();
    const memberFields = [
      "trusted_metadata",
      "untrusted_metadata",
      "created_at",
      "updated_at",
      "scim_registration",
      "external_id",
      "lock_created_at",
      "lock_expires_at",
    ];
    for (const f of memberFields)
      expect(seed.members.some((m) => (m as unknown as Record<string, unknown>)[f] !== undefined)).toBe(true);
    const orgFields = [
      "trusted_metadata",
      "created_at",
      "updated_at",
      "organization_external_id",
      "sso_default_connection_id",
      "scim_active_connection",
      "allowed_oauth_tenants",
    ];
    for (const f of orgFields)
      expect(seed.organizations.some((o) => (o as unknown as Record<string, unknown>)[f] !== undefined)).toBe(
        true,
      );
    expect(seed.organizations.some((o) => o.custom_roles.some((r) => r.permissions.length > 0))).toBe(true);
  });
});
