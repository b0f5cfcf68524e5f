import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Frontend artifacts from schema.graphql and client/operations (run `npm run codegen`; the output is committed,
 * and test/schema/client-drift.test.ts fails when it is stale).
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: "client/operations/**/*.graphql",
  generates: {
    "client/generated/graphql.ts": {
      plugins: ["typescript", "typescript-operations", "typed-document-node"],
      config: {
        // Only what operations use: the schema's object types are the server's business.
        onlyOperationTypes: true,
        // String unions, so variables take "SMS_OTP" as the wire does (no runtime enum to import).
        enumsAsTypes: true,
        useTypeImports: true,
        // JSON serialises these as strings; `unknown` would push casts into every frontend.
        scalars: { DateTime: "string", DateTimeISO: "string", JSONObject: "Record<string, unknown>" },
      },
    },
    "client/generated/possible-types.ts": {
      plugins: [
        "fragment-matcher",
        // The plugin's export is a default `{ possibleTypes }`; InMemoryCache takes the inner map.
        { add: { placement: "append", content: "export const possibleTypes = result.possibleTypes;\n" } },
      ],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
