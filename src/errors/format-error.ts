import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "pino";
import { currentRequestId } from "../request-scope";
import { AppError } from "./app-errors";
import { ErrorCode } from "./error-code";

/** Apollo's codes for a request that is wrong in itself: shown to the client as BAD_USER_INPUT, message kept. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

const SUGGESTION = / ?Did you mean .+\?$/;

export interface FormatErrorOptions {
  /** In production, graphql-js's "Did you mean ...?" hints are removed: they reveal the schema. */
  hideSuggestions: boolean;
  logger: Logger;
}

/**
 * The one masking point. Our own AppErrors pass with their code; request errors become BAD_USER_INPUT;
 * everything else (bugs, library errors, anything carrying upstream text) becomes a bare
 * INTERNAL_SERVER_ERROR. Every error carries the request id the client also got as `x-request-id`.
 */
export function createFormatError({ hideSuggestions, logger }: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestId();
    const original = unwrapResolverError(error);
    const where = { path: formatted.path, locations: formatted.locations };

    if (original instanceof AppError) {
      return { message: original.message, ...where, extensions: { ...original.extensions, requestId } };
    }
    const apolloCode = formatted.extensions?.code;
    if (typeof apolloCode === "string" && REQUEST_ERROR_CODES.has(apolloCode)) {
      const message = hideSuggestions ? formatted.message.replace(SUGGESTION, "") : formatted.message;
      return { message, ...where, extensions: { code: ErrorCode.BAD_USER_INPUT, requestId } };
    }
    logger.error({ requestId, err: original }, "unexpected error masked");
    return {
      message: "Internal server error.",
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    };
  };
}
