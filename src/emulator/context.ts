import type { Clock } from "./clock";
import type { SigningKey } from "./jwt";
import type { Store } from "./store";

/** What every route handler works with. `store` is swapped wholesale by reset() and seed(). */
export interface EmulatorContext {
  readonly projectId: string;
  /** Authenticates the browser-facing public routes (SSO start) instead of Basic auth. */
  readonly publicToken: string;
  readonly clock: Clock;
  readonly key: SigningKey;
  store: Store;
}
