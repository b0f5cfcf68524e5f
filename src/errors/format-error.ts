import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
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
}

/** An error nobody meant to show: a bug, a library failure. Logged (with the request id) and masked. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return false;
  const code = (original as { extensions?: { code?: unknown } })?.extensions?.code;
  return !(typeof code === "string" && REQUEST_ERROR_CODES.has(code)) && !isUncodedRefusal(original);
}

/**
 * Apollo refuses a few requests with a 4xx HTTP status and no code: a persisted query whose hash does not
 * match its text, an unknown persisted-query version. The status says the request itself is wrong.
 */
function isUncodedRefusal(original: unknown): boolean {
  const extensions = (original as { extensions?: { code?: unknown; http?: { status?: unknown } } })
    ?.extensions;
  const status = extensions?.http?.status;
  return extensions?.code === undefined && typeof status === "number" && status >= 400 && status < 500;
}

/**
 * The one masking point. Our own AppErrors pass with their code; request errors become BAD_USER_INPUT;
 * everything else (bugs, library errors, anything carrying upstream text) becomes a bare
 * INTERNAL_SERVER_ERROR. The request id is added to every error afterwards (telemetry plugin, server).
 */
export function createFormatError({ hideSuggestions }: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = { path: formatted.path, locations: formatted.locations };

    if (original instanceof AppError) {
      return { message: original.message, ...where, extensions: { ...original.extensions } };
    }
    const apolloCode = formatted.extensions?.code;
    if (
      (typeof apolloCode === "string" && REQUEST_ERROR_CODES.has(apolloCode)) ||
      isUncodedRefusal(original)
    ) {
      const message = hideSuggestions ? formatted.message.replace(SUGGESTION, "") : formatted.message;
      return { message, ...where, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    return {
      message: "Internal server error.",
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
