import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What every line of code may need to know about the HTTP request it serves, without threading it through
 * libraries that do not pass our context along (Apollo's formatError has no access to the GraphQL context).
 */
export interface RequestScope {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
