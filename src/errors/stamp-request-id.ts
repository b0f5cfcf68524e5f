/**
 * The one place the request id joins the errors of a GraphQL response: every error of the final JSON body gets
 * `extensions.requestId`. At the HTTP adapter, because only there are both the request id and every error in
 * sight: formatError cannot see the request, and Apollo refuses some requests (CSRF, a GET mutation, a
 * malformed body) before any plugin runs. A body without errors, or that is not JSON, is returned unchanged.
 */
export function stampRequestId(body: string, requestId: string): string {
  // Cheap test first: most answers carry no errors at all and are not parsed.
  if (!body.includes('"errors"')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.errors)) return body;
  parsed.errors = parsed.errors.map((error: unknown) =>
    isObject(error)
      ? { ...error, extensions: { ...(isObject(error.extensions) ? error.extensions : {}), requestId } }
      : error,
  );
  // Apollo ends its bodies with a newline (for curl); the body keeps its ending.
  return JSON.stringify(parsed) + (body.endsWith("\n") ? "\n" : "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
