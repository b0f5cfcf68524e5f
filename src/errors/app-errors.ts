import { GraphQLError } from "graphql";
import { ErrorCode } from "./error-code";

/**
 * Base of every error the BFF shows to clients on purpose. Its message is ours (never Stytch's) and
 * `extensions.code` is a literal from ErrorCode; formatError lets exactly these through unmasked.
 */
export abstract class AppError extends GraphQLError {
  abstract readonly code: ErrorCode;

  protected constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(message = "A valid Stytch member session is required.") {
    super(message, ErrorCode.UNAUTHENTICATED);
  }
}

export class MfaCodeInvalidError extends AppError {
  readonly code = ErrorCode.MFA_CODE_INVALID;
  constructor() {
    super("The MFA code is wrong, expired or already used.", ErrorCode.MFA_CODE_INVALID);
  }
}

export class ForbiddenError extends AppError {
  readonly code = ErrorCode.FORBIDDEN;
  constructor() {
    super("You cannot switch into this organization.", ErrorCode.FORBIDDEN);
  }
}

export class BadUserInputError extends AppError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(message: string, argumentName?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, argumentName ? { argumentName } : {});
  }
}

export class RateLimitedError extends AppError {
  readonly code = ErrorCode.RATE_LIMITED;
  /**
   * @param retryAfter seconds until a retry may succeed; absent when waiting does not help (a pending step
   * that is used up must be started again)
   */
  constructor(retryAfter?: number, message = "Too many requests; try again later.") {
    super(message, ErrorCode.RATE_LIMITED, retryAfter ? { retryAfter } : {});
  }
}

export class UpstreamTimeoutError extends AppError {
  readonly code = ErrorCode.UPSTREAM_TIMEOUT;
  constructor() {
    super("Stytch did not answer in time.", ErrorCode.UPSTREAM_TIMEOUT);
  }
}

export class UpstreamUnavailableError extends AppError {
  readonly code = ErrorCode.UPSTREAM_UNAVAILABLE;
  /**
   * @param retryAfter seconds until a retry may succeed, when known (the BFF shed the call because its
   * calls to Stytch were all busy); in the same `extensions.retryAfter` as RATE_LIMITED's
   */
  constructor(retryAfter?: number) {
    super(
      "Stytch is unavailable; try again later.",
      ErrorCode.UPSTREAM_UNAVAILABLE,
      retryAfter ? { retryAfter } : {},
    );
  }
}

/** Thrown for conditions that must never happen; masked like any unexpected error. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}

/** An email code, magic link or SSO token Stytch did not accept (wrong, expired or already used). */
export class SignInProofInvalidError extends AppError {
  readonly code = ErrorCode.SIGN_IN_PROOF_INVALID;
  constructor(message = "The code or link is wrong, expired or already used; ask for a new one.") {
    super(message, ErrorCode.SIGN_IN_PROOF_INVALID);
  }
}
