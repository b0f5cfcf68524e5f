import type { GraphQLFormattedError } from "graphql";
import { classifyError, type ClassifyOptions } from "./classify-error";

/**
 * The one masking point, Apollo's `formatError`: every error leaves as classifyError says (code, message,
 * extensions); a masked (unexpected) error keeps its path and nothing else. The request id is added to every
 * error of the response afterwards, in one place (stampRequestId).
 */
export function createFormatError(options: ClassifyOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { expected, message, extensions } = classifyError(error, options);
    if (!expected) return { message, path: formatted.path, extensions };
    return { message, path: formatted.path, locations: formatted.locations, extensions };
  };
}
