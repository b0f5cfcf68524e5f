import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * Whether the field being resolved asks only for `fields` of its object (fragments followed): then an object
 * holding just those is a complete answer, and no lookup is needed. A field under @skip or @include counts as
 * asked, which only ever costs the lookup.
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: ReadonlySet<string>): boolean {
  const visited = new Set<string>();
  const within = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).every((selection) => {
      if (selection.kind === "Field") return fields.has(selection.name.value) && !selection.selectionSet;
      if (selection.kind === "InlineFragment") return within(selection.selectionSet);
      const name = selection.name.value;
      if (visited.has(name)) return true;
      visited.add(name);
      return within(info.fragments[name]?.selectionSet);
    });
  return info.fieldNodes.every((node) => within(node.selectionSet));
}
