import type { ResponseWarning } from "./cross-site-request";

/**
 * Adds `extensions.warnings` to a complete GraphQL JSON body: advice for the developer that is not an error
 * (the data is what it is), where GraphQL clients and Apollo Sandbox show it beside the answer. A body that is
 * not a JSON object is returned unchanged.
 */
export function addWarnings(body: string, warnings: readonly ResponseWarning[]): string {
  if (warnings.length === 0) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (!isObject(parsed)) return body;
  const extensions = isObject(parsed.extensions) ? parsed.extensions : {};
  const earlier = Array.isArray(extensions.warnings) ? extensions.warnings : [];
  parsed.extensions = { ...extensions, warnings: [...earlier, ...warnings] };
  // Apollo ends its bodies with a newline (for curl); the body keeps its ending.
  return JSON.stringify(parsed) + (body.endsWith("\n") ? "\n" : "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
