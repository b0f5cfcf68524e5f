import type { IncomingHttpHeaders } from "node:http";
import { credentialFromAuthorization } from "./auth/credentials";
import { BadUserInputError, UnauthenticatedError } from "./errors/app-errors";
import { createLoaders, type Loaders } from "./loaders/create-loaders";
import type { SessionCredential, StytchPort } from "./stytch/port";

/** Everything a resolver may use, built fresh for each HTTP request. */
export interface RequestContext {
  readonly requestId: string;
  readonly port: StytchPort;
  readonly loaders: Loaders;
  /** The caller's session credential, or null when the request carries none that could be valid. */
  readonly credential: SessionCredential | null;
  /**
   * Whether tokens may appear in GraphQL payloads: true for bearer (mobile) callers, who must store them;
   * false for browsers, which get HttpOnly cookies instead.
   */
  readonly revealTokens: boolean;
  /** The credential, or UNAUTHENTICATED. */
  requireCredential(): SessionCredential;
  /**
   * Marks the operation's one exchange. An exchange mints a session and may send an SMS, so aliases must not
   * fire several: the second attempt in an operation fails with BAD_USER_INPUT before reaching Stytch.
   */
  claimExchange(): void;
}

export interface ContextInput {
  requestId: string;
  headers: IncomingHttpHeaders;
  port: StytchPort;
}

export function createContext({ requestId, headers, port }: ContextInput): RequestContext {
  const credential = credentialFromAuthorization(headers.authorization);
  let exchangeClaimed = false;
  return {
    requestId,
    port,
    loaders: createLoaders(port),
    credential,
    revealTokens: true,
    requireCredential() {
      if (!credential) throw new UnauthenticatedError();
      return credential;
    },
    claimExchange() {
      if (exchangeClaimed) throw new BadUserInputError("exchangeSession may run only once per operation.");
      exchangeClaimed = true;
    },
  };
}
