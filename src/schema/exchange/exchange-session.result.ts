import { createUnionType } from "type-graphql";
import type { ExchangeAnswer } from "../../stytch/types";
import { UnreachableCaseError } from "../../errors/unreachable-case-error";
import { AuthenticatedSession } from "./authenticated-session.type";
import { MfaChallenge } from "./mfa-challenge.type";
import { PrimaryAuthRequired } from "./primary-auth-required.type";

export const ExchangeSessionResult = createUnionType({
  name: "ExchangeSessionResult",
  description: "Exactly one of the three outcomes of an organization switch.",
  types: () => [AuthenticatedSession, MfaChallenge, PrimaryAuthRequired] as const,
});

export function toExchangeSessionResult(
  outcome: ExchangeAnswer,
  revealTokens: boolean,
): typeof ExchangeSessionResult {
  switch (outcome.kind) {
    case "authenticated":
      return AuthenticatedSession.from(outcome, revealTokens);
    case "mfa_required":
      return MfaChallenge.from(outcome, revealTokens);
    case "primary_required":
      return PrimaryAuthRequired.from(outcome, revealTokens);
    default:
      throw new UnreachableCaseError(outcome);
  }
}
