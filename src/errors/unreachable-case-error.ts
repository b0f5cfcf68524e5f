/** Ends exhaustive switches: the compiler rejects the call when a case was forgotten. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
