import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context";

/** Fills the request record: which operation ran and how it ended (for the log line and metrics). */
export const telemetryPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ contextValue }) {
    const rejected = (errors: unknown) => {
      if (errors && (!Array.isArray(errors) || errors.length > 0))
        contextValue.record.documentRejected = true;
    };
    return {
      async parsingDidStart() {
        return async (error) => rejected(error);
      },
      async validationDidStart() {
        return async (errors) => rejected(errors);
      },
      async didResolveOperation({ operation, contextValue }) {
        if (operation) contextValue.record.operation = describeOperation(operation);
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== "single") return;
        const code = response.body.singleResult.errors?.[0]?.extensions?.code;
        if (typeof code === "string") contextValue.record.outcome = code;
      },
    };
  },
};

/** Root field names only: bounded by the schema, unlike operation names, which clients choose freely. */
function describeOperation(operation: OperationDefinitionNode): string {
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    fields.add(selection.kind === Kind.FIELD ? selection.name.value : "fragment");
  }
  return `${operation.operation}:${[...fields].sort().join(",")}`;
}
