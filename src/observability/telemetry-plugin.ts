import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { Kind, type OperationDefinitionNode } from "graphql";
import { classifyError } from "../errors/classify-error";
import type { RequestRecord } from "./request-record";

/** What the plugin needs of a request's context. */
export interface TelemetryContext {
  readonly requestId: string;
  readonly record: RequestRecord;
}

/**
 * Fills the request record (which operation ran, whether the document was rejected, how the request ended) and
 * logs the unexpected errors with the request id. Errors are judged by classifyError, as formatError judges
 * them: the outcome is the code the client gets for the first error.
 */
export const telemetryPlugin = (logger: Logger): ApolloServerPlugin<TelemetryContext> => ({
  async requestDidStart({ contextValue }) {
    const { record, requestId } = contextValue;
    const rejected = (errors: unknown) => {
      if (errors && (!Array.isArray(errors) || errors.length > 0)) record.documentRejected = true;
    };
    return {
      async parsingDidStart() {
        return async (error) => rejected(error);
      },
      async validationDidStart() {
        return async (errors) => rejected(errors);
      },
      async didResolveOperation({ operation }) {
        if (operation) record.operation = describeOperation(operation);
      },
      async didEncounterErrors({ errors }) {
        errors.forEach((error, index) => {
          const { code, expected } = classifyError(error);
          if (index === 0) record.outcome = code;
          if (!expected) {
            logger.error({ requestId, err: error.originalError ?? error }, "unexpected error masked");
          }
        });
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
