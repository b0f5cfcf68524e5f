import { STYTCH_SESSION_MINUTES } from "../config";
import { BadUserInputError } from "../errors/app-errors";

/**
 * The lifetime of a session the BFF asks Stytch for. The server decides the ceiling (SESSION_MAX_MINUTES): a
 * client may ask for a shorter session, never a longer one, and one that asks for nothing gets the ceiling.
 * Cookies follow the session's own expiry, so they can never outlive it either.
 */
export function sessionMinutes(requested: number | null | undefined, maxMinutes: number): number {
  if (requested === undefined || requested === null) return maxMinutes;
  if (requested < STYTCH_SESSION_MINUTES.min || requested > maxMinutes) {
    throw new BadUserInputError(
      `sessionDurationMinutes must be between ${STYTCH_SESSION_MINUTES.min} and ${maxMinutes}.`,
      "sessionDurationMinutes",
    );
  }
  return requested;
}
