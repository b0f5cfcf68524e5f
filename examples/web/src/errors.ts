import { CombinedGraphQLErrors } from "@apollo/client";
import { showError } from "./dom";

/** What the page shows of a failure: the API's stable code, its message, and how long to wait if it says. */
export interface Failure {
  code: string;
  message: string;
  /** `extensions.retryAfter`: seconds until trying again can help (RATE_LIMITED, a busy BFF). */
  retryAfter?: number;
}

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
    showFailure(error);
  } finally {
    button.disabled = false;
  }
}

export function showFailure(error: unknown): void {
  const { code, message, retryAfter } = describeFailure(error);
  showError(`${message} (${code})`, code, retryAfter);
}

export function describeFailure(error: unknown): Failure {
  if (CombinedGraphQLErrors.is(error)) {
    const extensions = error.errors[0]?.extensions ?? {};
    const retryAfter = extensions.retryAfter;
    return {
      code: String(extensions.code ?? "GRAPHQL_ERROR"),
      message: error.errors[0]?.message ?? "Failed",
      retryAfter: typeof retryAfter === "number" && retryAfter > 0 ? Math.ceil(retryAfter) : undefined,
    };
  }
  return { code: "NETWORK_ERROR", message: error instanceof Error ? error.message : String(error) };
}
