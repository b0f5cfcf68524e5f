import { AsyncLocalStorage } from "node:async_hooks";

/** One Stytch call as the request log line reports it (endpoint, status, Stytch's request id). */
export interface UpstreamCallRecord {
  endpoint: string;
  status: number;
  stytchRequestId?: string;
}

/**
 * What every line of code may need to know about the HTTP request it serves, without threading it through
 * libraries that do not pass our context along (Apollo's formatError has no access to the GraphQL context,
 * the transport none to the request).
 */
export interface RequestScope {
  readonly requestId: string;
  /** Epoch ms by which every Stytch call made for this request must be done, whatever its own deadline. */
  readonly deadline: number;
  /** The Stytch calls made for this request, for its log line. */
  readonly upstreamCalls: UpstreamCallRecord[];
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
