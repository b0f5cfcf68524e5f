import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { StoreFullError, StoreUnavailableError } from "../state/state-store";
import { AppError, RateLimitedError } from "./app-errors";
import { ErrorCode } from "./error-code";

/** What the BFF makes of an error, decided once: formatError, the error log and the metrics all read it. */
export interface ErrorClass {
  /** The code the client sees. */
  code: ErrorCode;
  /** False for an error nobody meant to show (a bug, a library failure): logged with the request id, masked. */
  expected: boolean;
  /** The message the client sees. */
  message: string;
  /** The extensions the client sees (the request id is added to the response later, once per request). */
  extensions: Record<string, unknown>;
}

export interface ClassifyOptions {
  /** Production: graphql-js's "Did you mean ...?" hints are removed; they reveal the schema. */
  hideSchemaDetails?: boolean;
}

/** Apollo's codes for a request that is wrong in itself: shown to the client as BAD_USER_INPUT, message kept. */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set<ApolloServerErrorCode>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/**
 * Apollo's `hideSchemaDetailsFromClientErrors` removes the hints from validation errors only; graphql-js also
 * hints while it coerces variables (an enum value, an input field), which Apollo reports as BAD_USER_INPUT.
 */
const SUGGESTION = / ?Did you mean .+\?$/;

/** What a client is told of anything unexpected. */
export const MASKED_MESSAGE = "Internal server error.";

/**
 * Our own AppErrors keep their code, message and extensions; errors Apollo raises for a wrong request become
 * BAD_USER_INPUT with their message; everything else (bugs, library errors, anything that may carry upstream
 * text) is unexpected: a bare INTERNAL_SERVER_ERROR.
 */
export function classifyError(error: unknown, options: ClassifyOptions = {}): ErrorClass {
  const unwrapped = unwrapResolverError(error);
  // A shared store that cannot answer where a throttle or a pending step needs it: refused, as throttles
  // refuse, rather than an unexpected error (the operator sees the store's own metrics and breaker).
  const original =
    unwrapped instanceof StoreUnavailableError
      ? new RateLimitedError(5, "The service is busy; try again in a few seconds.")
      : unwrapped instanceof StoreFullError
        ? new RateLimitedError(60, "The service is busy; try again in a minute.")
        : unwrapped;
  if (original instanceof AppError) {
    return {
      code: original.code,
      expected: true,
      message: original.message,
      extensions: { ...original.extensions },
    };
  }
  const extensions = extensionsOf(original);
  if (!(original instanceof Error) || !isRequestError(extensions)) {
    const code = ErrorCode.INTERNAL_SERVER_ERROR;
    return { code, expected: false, message: MASKED_MESSAGE, extensions: { code } };
  }
  const code = ErrorCode.BAD_USER_INPUT;
  const message = original.message;
  const hide =
    options.hideSchemaDetails === true && extensions?.code === ApolloServerErrorCode.BAD_USER_INPUT;
  return {
    code,
    expected: true,
    message: hide ? message.replace(SUGGESTION, "") : message,
    extensions: { code },
  };
}

interface ApolloExtensions {
  code?: unknown;
  http?: { status?: unknown };
}

function extensionsOf(error: unknown): ApolloExtensions | undefined {
  return (error as { extensions?: ApolloExtensions } | null | undefined)?.extensions;
}

/**
 * A request error carries one of Apollo's request codes, or no code and a 4xx HTTP status: Apollo refuses a
 * persisted query whose hash does not match its text, or of an unknown version, that way.
 */
function isRequestError(extensions: ApolloExtensions | undefined): boolean {
  const code = extensions?.code;
  if (typeof code === "string") return REQUEST_ERROR_CODES.has(code);
  const status = extensions?.http?.status;
  return code === undefined && typeof status === "number" && status >= 400 && status < 500;
}
