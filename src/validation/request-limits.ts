import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** What one operation may ask for. Generous for every real frontend query; far below what hurts. */
export interface RequestLimits {
  maxDepth: number;
  /** Aliases, `__typename` ones included (graphql-armor's Apollo plugin misses those). */
  maxAliases: number;
  maxDirectives: number;
  /** Fields selected once fragments are expanded: what executing the operation would cost. */
  maxFields: number;
  /** Lexer tokens, enforced by graphql-js's parser before any rule runs. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxFields: 1500,
  maxTokens: 3000,
};

interface Tally {
  depth: number;
  aliases: number;
  directives: number;
  fields: number;
}

/**
 * One validation rule measuring depth, aliases, directives and expanded field count of each operation.
 * Fragments are measured once each and memoized, so fragment bombs cost nothing to measure, and a fragment
 * cycle (reported by graphql-js's own rule) is cut. In production the message does not disclose the limits.
 */
export function requestLimitsRule(limits: RequestLimits, discloseLimits: boolean): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const memo = new Map<string, Tally>();
      const tally = measure(operation.selectionSet, context, memo, new Set());
      tally.directives += operation.directives?.length ?? 0;
      const exceeded = [
        ["depth", tally.depth, limits.maxDepth],
        ["aliases", tally.aliases, limits.maxAliases],
        ["directives", tally.directives, limits.maxDirectives],
        ["fields", tally.fields, limits.maxFields],
      ].find(([, value, limit]) => (value as number) > (limit as number));
      if (!exceeded) return;
      const [what, value, limit] = exceeded;
      const message = discloseLimits
        ? `The operation exceeds the ${what} limit (${value} > ${limit}).`
        : "The operation is too complex.";
      context.reportError(new GraphQLError(message, { nodes: [operation] }));
    },
  });
}

function measure(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  memo: Map<string, Tally>,
  inProgress: Set<string>,
): Tally {
  const total: Tally = { depth: 0, aliases: 0, directives: 0, fields: 0 };
  for (const selection of selectionSet.selections) {
    total.directives += selection.directives?.length ?? 0;
    let inner: Tally | undefined;
    if (selection.kind === Kind.FIELD) {
      total.fields += 1;
      if (selection.alias) total.aliases += 1;
      if (selection.selectionSet) {
        inner = measure(selection.selectionSet, context, memo, inProgress);
        inner = { ...inner, depth: inner.depth + 1 };
      } else {
        inner = { depth: 1, aliases: 0, directives: 0, fields: 0 };
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, context, memo, inProgress);
    } else {
      inner = measureFragment(context.getFragment(selection.name.value), context, memo, inProgress);
    }
    if (!inner) continue;
    total.depth = Math.max(total.depth, inner.depth);
    total.aliases += inner.aliases;
    total.directives += inner.directives;
    total.fields += inner.fields;
  }
  return total;
}

function measureFragment(
  fragment: FragmentDefinitionNode | null | undefined,
  context: ValidationContext,
  memo: Map<string, Tally>,
  inProgress: Set<string>,
): Tally | undefined {
  if (!fragment) return undefined;
  const name = fragment.name.value;
  const known = memo.get(name);
  if (known) return known;
  if (inProgress.has(name)) return undefined;
  inProgress.add(name);
  const tally = measure(fragment.selectionSet, context, memo, inProgress);
  tally.directives += fragment.directives?.length ?? 0;
  inProgress.delete(name);
  memo.set(name, tally);
  return tally;
}
