// The one error type handlers throw. The app's error handler turns it into Stytch's envelope
// {status_code, request_id, error_type, error_message, error_url}; anything else becomes a 500.

export class StytchApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorUrl(status: number): string {
  return `https://stytch.com/docs/api/errors/${status}`;
}

export function errorBody(status: number, errorType: string, message: string, requestId: string) {
  return {
    status_code: status,
    request_id: requestId,
    error_type: errorType,
    error_message: message,
    error_url: errorUrl(status),
  };
}

/** Default error_type for a status, used by injected faults that give only a status. */
export function defaultErrorType(status: number): string {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized_credentials";
    case 403:
      return "unauthorized_action";
    case 404:
      return "route_not_found";
    case 429:
      return "too_many_requests";
    case 503:
      return "server_unavailable";
    default:
      return status >= 500 ? "internal_server_error" : "bad_request";
  }
}

// Constructors for the errors more than one route raises, so status, type and wording stay consistent.
export const errors = {
  badRequest: (message: string) => new StytchApiError(400, "bad_request", message),
  sessionNotFound: () => new StytchApiError(404, "session_not_found", "Session could not be found."),
  organizationNotFound: () =>
    new StytchApiError(404, "organization_not_found", "Organization could not be found."),
  memberNotFound: () => new StytchApiError(404, "member_not_found", "Member could not be found."),
  noSessionArguments: () =>
    new StytchApiError(
      400,
      "no_session_arguments",
      "One of session_token, session_jwt or intermediate_session_token must be provided.",
    ),
  tooManySessionArguments: () =>
    new StytchApiError(
      400,
      "too_many_session_arguments",
      "Only one of session_token, session_jwt or intermediate_session_token may be provided.",
    ),
  intermediateSessionNotFound: () =>
    new StytchApiError(404, "intermediate_session_not_found", "Intermediate session could not be found."),
  istWrongOrganization: (what: string) =>
    new StytchApiError(
      400,
      "invalid_intermediate_session_token_for_organization",
      `The intermediate session token does not belong to this ${what}.`,
    ),
  authMethodRestricted: (method: string) =>
    new StytchApiError(
      400,
      "operation_restricted_by_organization_auth_methods",
      `The Organization does not allow the ${method} authentication method.`,
    ),
  otpCodeNotFound: () =>
    new StytchApiError(404, "otp_code_not_found", "The OTP code could not be found or has expired."),
  mfaMethodRestricted: (method: string) =>
    new StytchApiError(
      400,
      "operation_restricted_by_organization_mfa_methods",
      `The Organization does not allow the ${method} MFA method.`,
    ),
};
