import { GRAPHQL_PATH, requestTarget, routeOf } from "../../src/http/request-target";

describe("requestTarget", () => {
  it.each([
    [undefined, { path: "/", search: "" }],
    ["/graphql", { path: "/graphql", search: "" }],
    ["/graphql?query=%7B__typename%7D", { path: "/graphql", search: "?query=%7B__typename%7D" }],
    ["/graphql?query=x#fragment", { path: "/graphql", search: "?query=x" }],
    ["/graphql?", { path: "/graphql", search: "?" }],
  ])("splits %j into path and query string", (url, target) => {
    expect(requestTarget(url)).toEqual(target);
  });
});

describe("routeOf", () => {
  it("logs the GraphQL endpoint and the probes by name, anything else as other", () => {
    expect(routeOf(GRAPHQL_PATH)).toBe("/graphql");
    expect(routeOf("/livez")).toBe("/livez");
    expect(routeOf("/readyz")).toBe("/readyz");
    expect(routeOf("/secret-token-abc123")).toBe("other");
    expect(routeOf("/graphql/")).toBe("other");
  });
});
