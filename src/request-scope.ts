/** One Stytch call as the request log line reports it (endpoint, status, Stytch's request id). */
export interface UpstreamCallRecord {
  endpoint: string;
  status: number;
  stytchRequestId?: string;
}

/**
 * What the Stytch transport must know about the HTTP request it serves: its budget and where to report its
 * calls. Passed explicitly (the adapter is bound to it per request) rather than through AsyncLocalStorage,
 * whose promise hooks cost every promise of the process about 7% of the BFF's CPU.
 */
export interface RequestScope {
  readonly requestId: string;
  /** Epoch ms by which every Stytch call made for this request must be done, whatever its own deadline. */
  readonly deadline: number;
  /** The Stytch calls made for this request, for its log line. */
  readonly upstreamCalls: UpstreamCallRecord[];
}
