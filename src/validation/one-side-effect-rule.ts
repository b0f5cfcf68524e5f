import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";

/**
 * Mutations with effects outside the BFF: an exchange mints a session and may text the member, an SMS or email
 * send reaches a person, a code check spends an attempt, a sign-out revokes. Aliases must not multiply them.
 * Every mutation has such an effect.
 */
const SIDE_EFFECTS = new Set([
  "exchangeSession",
  "sendMfaSmsCode",
  "completeMfa",
  "signOut",
  "sendSignInCode",
  "sendSignInLink",
  "signInWithCode",
  "signInWithLink",
  "enterOrganization",
  "completePrimaryAuthWithCode",
  "completePrimaryAuthWithLink",
  "completeSso",
]);

/**
 * Refuses an operation that selects more than one of them (aliases, fragments, or two different ones). The
 * whole operation is refused before anything runs, rather than failing half-way after the first went out.
 */
export function oneSideEffectRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== "mutation") return;
      if (countSideEffects(operation.selectionSet, context, new Set()) > 1) {
        context.reportError(
          new GraphQLError(
            "An operation may run only one mutation (each sends, signs in, switches or signs out).",
            { nodes: [operation] },
          ),
        );
      }
    },
  };
}

function countSideEffects(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (SIDE_EFFECTS.has(selection.name.value)) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countSideEffects(selection.selectionSet, context, seen);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A fragment cycle is reported by graphql-js's own rule; it is counted once here.
      if (fragment && !seen.has(name)) {
        seen.add(name);
        count += countSideEffects(fragment.selectionSet, context, seen);
      }
    }
  }
  return count;
}
