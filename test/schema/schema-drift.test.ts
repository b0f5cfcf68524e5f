import { readFileSync } from "node:fs";
import { isObjectType } from "graphql";
import { join } from "node:path";
import { buildSchema, printSortedSchema } from "../../src/schema/build-schema";

describe("schema.graphql", () => {
  const schema = buildSchema();

  it("is what the code builds (run `npm run schema` after changing the schema)", () => {
    const committed = readFileSync(join(__dirname, "..", "..", "schema.graphql"), "utf8");
    expect(printSortedSchema(schema)).toBe(committed);
  });

  it("describes every type and every field", () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      // Root operation types are described by their fields.
      const isRoot = type === schema.getQueryType() || type === schema.getMutationType();
      if (!type.description && !isRoot) undocumented.push(type.name);
      if ("getFields" in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("reads plain data fields with graphql-js's default resolver (simpleResolvers), wrapping only resolvers", () => {
    // type-graphql otherwise wraps every field in a resolver of its own: ~0.25 µs and an allocation per field.
    const wrapped: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      if (type === schema.getQueryType() || type === schema.getMutationType()) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.resolve) wrapped.push(`${type.name}.${field.name}`);
      }
    }
    expect(wrapped.sort()).toEqual([
      "Member.organization",
      "MemberSession.member",
      "MemberSession.organization",
      "PrimaryAuthRequired.ssoConnections",
      "Viewer.member",
      "Viewer.organization",
      "Viewer.organizations",
    ]);
  });

  it("holds the public contract frontends rely on (union, outcomes, exchange arguments, viewer)", () => {
    const sdl = printSortedSchema(schema);
    expect(sdl).toContain(
      "union ExchangeSessionResult = AuthenticatedSession | MfaChallenge | PrimaryAuthRequired",
    );
    const exchange = schema.getMutationType()?.getFields().exchangeSession;
    expect(String(exchange?.type)).toBe("ExchangeSessionResult!");
    expect(exchange?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual([
      "orgId: ID!",
      "sessionDurationMinutes: Int",
      "locale: String",
      "telemetryId: String",
    ]);
    // Clients never choose session claims: no mutation takes them.
    for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
      expect(mutation.args.map((arg) => arg.name)).not.toContain("customClaims");
    }
    for (const type of ["AuthenticatedSession", "MfaChallenge", "PrimaryAuthRequired"]) {
      expect(sdl).toContain(`type ${type} implements ExchangeOutcome`);
    }
    expect(sdl).toMatch(/interface ExchangeOutcome \{[^}]*requestId: String!/s);
    expect(sdl).toContain("viewer: Viewer");
  });
});
