import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";

const EXCHANGE_FIELD = "exchangeSession";

/**
 * Refuses an operation that selects exchangeSession more than once (aliases, fragments). An exchange mints a
 * session and may text the member, so the whole operation is refused before anything runs, rather than
 * failing half-way after the first exchange went out.
 */
export function singleExchangeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== "mutation") return;
      if (countExchanges(operation.selectionSet, context, new Set()) > 1) {
        context.reportError(
          new GraphQLError("exchangeSession may appear only once per operation.", { nodes: [operation] }),
        );
      }
    },
  };
}

function countExchanges(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === EXCHANGE_FIELD) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countExchanges(selection.selectionSet, context, seen);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A fragment cycle is reported by graphql-js's own rules; it is counted once here.
      if (fragment && !seen.has(name)) {
        seen.add(name);
        count += countExchanges(fragment.selectionSet, context, seen);
      }
    }
  }
  return count;
}
