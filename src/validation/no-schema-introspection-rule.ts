import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

/**
 * Production's introspection switch: `__schema` (the whole schema in one query, what tools dump) is refused.
 * `__type(name:)` stays: GraphQL over HTTP requires a server to answer it, and it reveals only a type whose
 * exact name the caller already knows (field suggestions, the other way to guess names, are hidden).
 */
export function noSchemaIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === "__schema") {
        context.reportError(new GraphQLError("Introspection is disabled.", { nodes: [node] }));
      }
    },
  };
}
