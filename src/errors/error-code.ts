/** The one vocabulary of `extensions.code` that clients can branch on (README, Errors). */
export enum ErrorCode {
  /** No, invalid, expired or revoked session. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** A wrong, expired or already used MFA code. */
  MFA_CODE_INVALID = "MFA_CODE_INVALID",
  /** A wrong, expired or already used email code, or a sign-in link or SSO token that is unknown, expired or used. */
  SIGN_IN_PROOF_INVALID = "SIGN_IN_PROOF_INVALID",
  /** Not a member of that organization, or the organization is unknown: one code, so membership cannot be probed. */
  FORBIDDEN = "FORBIDDEN",
  BAD_USER_INPUT = "BAD_USER_INPUT",
  RATE_LIMITED = "RATE_LIMITED",
  UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT",
  UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE",
  /** Everything unexpected, always masked. */
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}
