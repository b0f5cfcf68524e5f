import type { RequestContext } from "../../context";
import { UnauthenticatedError } from "../../errors/app-errors";

/**
 * Runs a call that presents the caller's session to Stytch. When Stytch says the session is gone, a browser's
 * session cookies are cleared with the UNAUTHENTICATED answer, so it stops sending them.
 */
export async function forgetGoneSession<T>(ctx: RequestContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnauthenticatedError) ctx.caller.forgetSession();
    throw error;
  }
}
