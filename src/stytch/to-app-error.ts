import {
  AppError,
  BadUserInputError,
  ForbiddenError,
  MfaCodeInvalidError,
  RateLimitedError,
  SignInProofInvalidError,
  UnauthenticatedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../errors/app-errors";
import { UnreachableCaseError } from "../errors/unreachable-case-error";
import { UpstreamFailure } from "./upstream-failure";

/** Stytch error types that mean "the caller's session or intermediate session is not (or no longer) valid". */
const SESSION_INVALID = new Set([
  "session_not_found",
  "intermediate_session_not_found",
  "unable_to_parse_session_jwt",
  "jwt_invalid_audience",
  "jwt_invalid_issuer",
  "jwt_invalid_claims",
  "jwt_expired",
  "invalid_session_token",
  "invalid_intermediate_session_token",
  "incompatible_session_type",
  "invalid_intermediate_session_token_for_organization",
  "invalid_session_missing_primary_factor",
]);

/** Unknown organization and "not a member" deliberately become the same answer: membership cannot be probed. */
const NOT_ALLOWED_HERE = new Set([
  "organization_not_found",
  "member_not_found",
  "invalid_organization_id",
  "organization_suspended",
  "action_not_allowed_email_domain_is_claimed",
  "insufficient_factors_for_session_exchange",
]);

const MFA_CODE_WRONG = new Set([
  "otp_code_not_found",
  "unable_to_auth_otp_code",
  "invalid_totp_code",
  "totp_code_not_found",
  "unable_to_auth_totp_code",
  "recovery_code_not_found",
  "invalid_recovery_code",
  "unable_to_authenticate_totp",
  "unable_to_authenticate_recovery_code",
]);

/** A sign-in email's code, a magic link's token or an SSO token Stytch did not take (wrong, expired, used). */
const SIGN_IN_PROOF_WRONG = new Set([
  "otp_code_not_found",
  "unable_to_auth_otp_code",
  "magic_link_not_found",
  "unable_to_auth_magic_link",
  "sso_token_not_found",
  "unable_to_auth_sso_token",
]);
/** A link or SSO token bound (PKCE) to another browser than the one presenting it. */
const OTHER_BROWSER = new Set([
  "pkce_mismatch",
  "pkce_expected_code_verifier",
  "pkce_did_not_expect_code_verifier",
]);

/** The endpoints that check those: email codes and links, and SSO. */
const SIGN_IN_ENDPOINT = /^(otps\.email|magic_links|sso)\./;

/** The member has not enrolled the MFA method asked for (no TOTP, no recovery codes, no phone). */
const MFA_METHOD_UNAVAILABLE = new Set([
  "totp_not_found",
  "recovery_codes_not_found",
  "member_phone_number_not_found",
]);

/**
 * Translates a failed Stytch call into the error clients see. Stytch's own message and URL never travel on;
 * anything not recognised (including our own misconfiguration, e.g. 401 unauthorized_credentials) is
 * returned as is and masked as INTERNAL_SERVER_ERROR by formatError.
 */
export function toAppError(failure: UpstreamFailure): AppError | UpstreamFailure {
  switch (failure.kind) {
    case "timeout":
      return new UpstreamTimeoutError();
    case "network":
    case "bad_response":
    case "circuit_open":
      return new UpstreamUnavailableError();
    // Shed by our own concurrency limit: Stytch is fine but busy with our other calls; retry shortly.
    case "saturated":
      return new UpstreamUnavailableError(failure.details.retryAfterSeconds);
    case "api":
      return fromApiError(failure);
    default:
      throw new UnreachableCaseError(failure.kind);
  }
}

function fromApiError(failure: UpstreamFailure): AppError | UpstreamFailure {
  const { status = 0, errorType = "", retryAfterSeconds } = failure.details;
  if (status === 429 || errorType === "too_many_requests") return new RateLimitedError(retryAfterSeconds);
  if (status >= 500) return new UpstreamUnavailableError();
  if (SIGN_IN_ENDPOINT.test(failure.details.endpoint) && SIGN_IN_PROOF_WRONG.has(errorType))
    return new SignInProofInvalidError();
  if (SIGN_IN_ENDPOINT.test(failure.details.endpoint) && OTHER_BROWSER.has(errorType)) {
    return new SignInProofInvalidError(
      "This link or sign-in was started in another browser: open it where you asked for it, or ask again.",
    );
  }
  if (SESSION_INVALID.has(errorType)) return new UnauthenticatedError();
  if (NOT_ALLOWED_HERE.has(errorType)) return new ForbiddenError();
  if (MFA_CODE_WRONG.has(errorType)) return new MfaCodeInvalidError();
  if (errorType === "operation_restricted_by_organization_auth_methods") {
    return new BadUserInputError(
      "This organization does not accept this way of signing in (allowedAuthMethods).",
    );
  }
  if (MFA_METHOD_UNAVAILABLE.has(errorType)) {
    return new BadUserInputError("The member cannot use this MFA method here.", "method");
  }
  if (status === 403) return new ForbiddenError();
  if (status === 400) return new BadUserInputError("Stytch rejected the request's arguments.");
  return failure;
}
