/** Why a call to Stytch did not produce a usable answer, before it is translated into an AppError. */
export type UpstreamFailureKind =
  /** Stytch answered with its error envelope (HTTP >= 400). */
  | "api"
  /** No complete answer before the deadline. */
  | "timeout"
  /** The connection failed. `requestSent` says whether Stytch may have received the request. */
  | "network"
  /** An answer that is not JSON, or JSON of the wrong shape. */
  | "bad_response"
  /** Not sent: the endpoint group's circuit breaker is open (Stytch has been failing). */
  | "circuit_open"
  /**
   * Not sent: every call the concurrency limit allows is in flight, and this one could not have been answered
   * within its deadline (`retryAfterSeconds` says when to come back).
   */
  | "saturated";

export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    readonly details: {
      endpoint: string;
      status?: number;
      errorType?: string;
      stytchRequestId?: string;
      retryAfterSeconds?: number;
      requestSent?: boolean;
    },
  ) {
    // The message names the endpoint and the kind only: never a body, a token or a header.
    super(`Stytch ${details.endpoint}: ${kind}${details.status ? ` ${details.status}` : ""}`);
    this.name = "UpstreamFailure";
  }
}
