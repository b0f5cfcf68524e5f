import { AppError, ForbiddenError, UnauthenticatedError } from "../errors/app-errors";

interface GoneRule {
  /** Another error that also means "no such credential here". */
  alsoGone?: new (...args: never[]) => AppError;
  /** The one error to answer with instead of Stytch's, when the difference would tell something. */
  answer?: () => AppError;
}

/**
 * Runs a Stytch call that presents a credential the caller holds. When Stytch says it is gone, `forget` clears
 * what a browser keeps of it, so that the browser stops sending it.
 */
export async function forgettingWhenGone<T>(
  forget: () => void,
  call: () => Promise<T>,
  { alsoGone, answer }: GoneRule = {},
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const gone = error instanceof UnauthenticatedError || (alsoGone && error instanceof alsoGone);
    if (!gone) throw error;
    forget();
    throw answer ? answer() : error;
  }
}

/** One answer for every pending step that cannot be used, so that it reveals nothing about the member. */
export const NO_PENDING_STEP = "No pending MFA step for this member: switch organizations again.";

/**
 * For a pending MFA step: Stytch says "member not found" (FORBIDDEN) for an unknown member before it looks at
 * the step's token, and "wrong member" (UNAUTHENTICATED) for a known one. Both become the same answer, so that
 * no one learns who is a member.
 */
export const STEP_GONE: GoneRule = {
  alsoGone: ForbiddenError,
  answer: () => new UnauthenticatedError(NO_PENDING_STEP),
};
