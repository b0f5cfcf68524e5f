import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context";
import { isUnexpected } from "../errors/format-error";

/**
 * Fills the request record (which operation ran, how it ended), stamps the request id on every error, and
 * logs the unexpected ones with it.
 */
export const telemetryPlugin = (logger: Logger): ApolloServerPlugin<RequestContext> => ({
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
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (isUnexpected(error))
            logger.error(
              { requestId: contextValue.requestId, err: error.originalError ?? error },
              "unexpected error masked",
            );
        }
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const errors = response.body.singleResult.errors;
        if (!errors) return;
        const code = errors[0]?.extensions?.code;
        if (typeof code === "string") contextValue.record.outcome = code;
        response.body.singleResult.errors = errors.map((error) => ({
          ...error,
          extensions: { ...error.extensions, requestId: contextValue.requestId },
        }));
      },
    };
  },
});

/** Root field names only: bounded by the schema, unlike operation names, which clients choose freely. */
function describeOperation(operation: OperationDefinitionNode): string {
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    fields.add(selection.kind === Kind.FIELD ? selection.name.value : "fragment");
  }
  return `${operation.operation}:${[...fields].sort().join(",")}`;
}
