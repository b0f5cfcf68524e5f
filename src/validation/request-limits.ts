import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { ByteLru } from "../cache/byte-lru";

/** What one document may ask for. Generous for every real frontend query; far below what hurts. */
export interface RequestLimits {
  /**
   * Characters of query text, comments and whitespace included, checked before anything parses it. Comments
   * are no tokens (maxTokens does not see them), yet a parsed document keeps its whole source alive.
   */
  maxDocumentLength: number;
  maxDepth: number;
  /** Aliases, `__typename` ones included (graphql-armor's Apollo plugin misses those). */
  maxAliases: number;
  maxDirectives: number;
  /** Fields selected once fragments are expanded: what executing the document would cost. */
  maxFields: number;
  /**
   * Sum over selection sets of (fields sharing a response name)²: what graphql-js's
   * OverlappingFieldsCanBeMerged rule costs. 2,000 copies of one field take it 1.4 s of CPU; this stops that.
   */
  maxOverlapCost: number;
  /** Lexer tokens, enforced by graphql-js's parser. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  // The largest operation of a real frontend is a few KB; 16 KiB leaves room for fragments and formatting.
  maxDocumentLength: 16 * 1024,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxFields: 1500,
  maxOverlapCost: 2000,
  maxTokens: 3000,
};

interface Tally {
  depth: number;
  aliases: number;
  directives: number;
  fields: number;
  overlap: number;
}

/**
 * Verdicts are keyed by the whole document text: bounded in bytes (counted at two per character, plus the
 * entry), so unique documents can only push older verdicts out. 4 MB keeps a thousand documents of 2 KB.
 */
const VERDICT_CACHE_BYTES = 4 * 1024 * 1024;
const VERDICT_ENTRY_BYTES = 128;

/**
 * Measures a document before Apollo parses and validates it: graphql-js's validation is itself the target of
 * some attacks (quadratic on repeated fields), so limits must hold before it runs. Verdicts for the documents
 * clients send over and over are cached, so the common path costs a map lookup.
 * Returns null when the document may run, else the refusal message (limits undisclosed in production).
 */
export function createDocumentGuard(
  limits: RequestLimits,
  discloseLimits: boolean,
): (query: string) => string | null {
  const verdicts = new ByteLru<string, string | null>(VERDICT_CACHE_BYTES);
  return (query) => {
    // Before the cache too: a key as long as the document would be kept by the cache itself.
    if (query.length > limits.maxDocumentLength) {
      return discloseLimits
        ? `The document exceeds the length limit (${query.length} > ${limits.maxDocumentLength} characters).`
        : "The document is too large.";
    }
    const cached = verdicts.get(query);
    if (cached !== undefined) return cached;
    const verdict = judge(query, limits, discloseLimits);
    verdicts.set(query, verdict, 2 * query.length + VERDICT_ENTRY_BYTES);
    return verdict;
  };
}

function judge(query: string, limits: RequestLimits, disclose: boolean): string | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch {
    // Apollo parses it again and reports the syntax (or token limit) error in its own words.
    return null;
  }
  const tally = measureDocument(document);
  const exceeded = (
    [
      ["depth", tally.depth, limits.maxDepth],
      ["aliases", tally.aliases, limits.maxAliases],
      ["directives", tally.directives, limits.maxDirectives],
      ["fields", tally.fields, limits.maxFields],
      ["repeated fields", tally.overlap, limits.maxOverlapCost],
    ] as const
  ).find(([, value, limit]) => value > limit);
  if (!exceeded) return null;
  const [what, value, limit] = exceeded;
  return disclose
    ? `The operation exceeds the ${what} limit (${value} > ${limit}).`
    : "The operation is too complex.";
}

/** The largest operation's tally; fragments measured once each (memoized), cycles cut. */
export function measureDocument(document: DocumentNode): Tally {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measurer = new Measurer(fragments);
  const worst: Tally = { depth: 0, aliases: 0, directives: 0, fields: 0, overlap: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const tally = measurer.selectionSet(definition.selectionSet);
    tally.directives += definition.directives?.length ?? 0;
    for (const key of Object.keys(worst) as (keyof Tally)[]) worst[key] = Math.max(worst[key], tally[key]);
  }
  return worst;
}

class Measurer {
  private readonly memo = new Map<string, { tally: Tally; names: Map<string, number> }>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly fragments: Map<string, FragmentDefinitionNode>) {}

  selectionSet(selectionSet: SelectionSetNode): Tally {
    const names = new Map<string, number>();
    const tally = this.level(selectionSet, names);
    for (const count of names.values()) if (count > 1) tally.overlap += count * count;
    return tally;
  }

  /** One selection level, with inline fragments and fragment spreads merged into it, as graphql-js merges. */
  private level(selectionSet: SelectionSetNode, names: Map<string, number>): Tally {
    const total: Tally = { depth: 0, aliases: 0, directives: 0, fields: 0, overlap: 0 };
    for (const selection of selectionSet.selections) {
      total.directives += selection.directives?.length ?? 0;
      let inner: Tally | undefined;
      if (selection.kind === Kind.FIELD) {
        const responseName = selection.alias?.value ?? selection.name.value;
        names.set(responseName, (names.get(responseName) ?? 0) + 1);
        if (selection.alias) total.aliases += 1;
        total.fields += 1;
        inner = selection.selectionSet ? this.selectionSet(selection.selectionSet) : undefined;
        total.depth = Math.max(total.depth, 1 + (inner?.depth ?? 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.level(selection.selectionSet, names);
        total.depth = Math.max(total.depth, inner.depth);
      } else {
        const fragment = this.fragment(selection.name.value);
        if (!fragment) continue;
        for (const [name, count] of fragment.names) names.set(name, (names.get(name) ?? 0) + count);
        inner = fragment.tally;
        total.depth = Math.max(total.depth, inner.depth);
      }
      if (!inner) continue;
      total.aliases += inner.aliases;
      total.directives += inner.directives;
      total.fields += inner.fields;
      total.overlap += inner.overlap;
    }
    return total;
  }

  private fragment(name: string): { tally: Tally; names: Map<string, number> } | undefined {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are graphql-js's to report; they cost nothing here.
    if (!definition || this.inProgress.has(name)) return undefined;
    this.inProgress.add(name);
    const names = new Map<string, number>();
    const tally = this.level(definition.selectionSet, names);
    tally.directives += definition.directives?.length ?? 0;
    this.inProgress.delete(name);
    const measured = { tally, names };
    this.memo.set(name, measured);
    return measured;
  }
}
