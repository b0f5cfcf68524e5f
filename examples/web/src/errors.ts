import { CombinedGraphQLErrors } from "@apollo/client";
import { showError } from "./dom";

/**
 * Runs a user's action, showing a failure instead of throwing it. The API's failures carry a stable
 * `extensions.code` (MFA_CODE_INVALID, RATE_LIMITED, FORBIDDEN…): show it, and let the UI (and tests) key on it.
 */
export async function attempt(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  showError(null);
  try {
    await action();
  } catch (error) {
    const { code, message } = describe(error);
    showError(`${message} (${code})`, code);
  } finally {
    button.disabled = false;
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    return { code: String(first?.extensions?.code ?? "GRAPHQL_ERROR"), message: first?.message ?? "Failed" };
  }
  return { code: "NETWORK_ERROR", message: error instanceof Error ? error.message : String(error) };
}
