import { scalePersonEmail } from "../../../src/emulator";
import type { UpstreamRoute } from "../../upstream/canned-upstream";
import type { Directory } from "./directory";
import { compileTemplate, render, requireSlots, type Template } from "./template";

/** Answers recorded from the emulator for one session of person 0 in scale organization 0. */
export interface Recorded {
  authenticate: string;
  discovery: string;
  membersSearch: string;
  organizationsSearch: string;
  template: { memberId: string; organizationId: string; sessionId: string; jwt: string };
}

type Values = Record<string, string>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Stytch's answers about the member (and session) the request names, made from the recordings: the BFF
 * checks that sessions.authenticate names the JWT's own session, DataLoaders align search results by id, and
 * a cache keyed by member must see each member's own data. Anything not about a scale member (Ada's token,
 * a malformed body) gets the recorded bytes.
 */
export function createPersonalizer(
  recorded: Recorded,
  directory: Directory,
): (route: UpstreamRoute, requestBody: string) => Buffer | undefined {
  const made = new PersonalAnswers(recorded, directory);
  const answers: Partial<Record<UpstreamRoute, (body: Json) => string | undefined>> = {
    "sessions.authenticate": (body) => made.authenticate(body),
    "discovery.organizations": (body) => made.discovery(body),
    "members.search": (body) => made.membersSearch(body),
    "organizations.search": (body) => made.organizationsSearch(body),
  };
  return (route, requestBody) => {
    const answer = answers[route];
    if (!answer) return undefined;
    let body: Json;
    try {
      body = JSON.parse(requestBody) as Json;
    } catch {
      return undefined;
    }
    const text = answer(body);
    return text === undefined ? undefined : Buffer.from(text);
  };
}

class PersonalAnswers {
  private readonly t: ReturnType<typeof compileAll>;
  private readonly requestIds: { members: string; organizations: string };

  constructor(
    recorded: Recorded,
    private readonly directory: Directory,
  ) {
    this.t = compileAll(recorded);
    const requestId = (text: string) => JSON.stringify((JSON.parse(text) as Json).request_id);
    this.requestIds = {
      members: requestId(recorded.membersSearch),
      organizations: requestId(recorded.organizationsSearch),
    };
  }

  authenticate(body: Json): string | undefined {
    const session = sessionOf(body);
    const found = session && this.member(session.memberId);
    return (
      found &&
      render(this.t.authenticate, { ...found.values, sessionId: session.sessionId, jwt: session.jwt })
    );
  }

  /** The person's own memberships, in seed order (the recording lists person 0's). */
  discovery(body: Json): string | undefined {
    const session = sessionOf(body);
    const found = session && this.member(session.memberId);
    if (!found) return undefined;
    const items = this.directory
      .membershipsOf(found.person)
      .map(([i, memberId]) =>
        render(this.t.discoveryItem, { ...found.values, ...this.organization(i), memberId }),
      );
    return render(this.t.discovery, { ...found.values, items: `[${items.join(",")}]` });
  }

  membersSearch(body: Json): string {
    const found = filterValues(body, "member_ids").flatMap((id) => this.member(id) ?? []);
    const organizations = [...new Set(found.map((m) => m.organization))].map(
      (i) => `"${this.directory.organizationIds[i]}":${render(this.t.organization, this.organization(i))}`,
    );
    const members = found.map((m) => render(this.t.member, m.values));
    return (
      `{"request_id":${this.requestIds.members},"members":[${members.join(",")}],` +
      `"results_metadata":{"total":${found.length},"next_cursor":null},` +
      `"organizations":{${organizations.join(",")}},"status_code":200}`
    );
  }

  organizationsSearch(body: Json): string {
    const found = filterValues(body, "organization_ids").flatMap(
      (id) => this.directory.organizationIndex(id) ?? [],
    );
    const organizations = found.map((i) => render(this.t.organization, this.organization(i)));
    return (
      `{"request_id":${this.requestIds.organizations},"organizations":[${organizations.join(",")}],` +
      `"results_metadata":{"total":${found.length},"next_cursor":null},"status_code":200}`
    );
  }

  private member(memberId: string) {
    const found = this.directory.find(memberId);
    if (!found) return undefined;
    const values: Values = { ...person(found.person), ...this.organization(found.organization), memberId };
    return { ...found, values };
  }

  /** As scaleSeed names organizations. */
  private organization(i: number): Values {
    return {
      organizationId: this.directory.organizationIds[i],
      orgName: JSON.stringify(`Scale Org ${i}`),
      slug: `scale-org-${i}`,
    };
  }
}

/** As scaleSeed names people. */
function person(j: number): Values {
  return { email: scalePersonEmail(j), personName: JSON.stringify(`Person ${j}`) };
}

/** The session a request's `session_jwt` names (its claims read, not verified: the BFF has verified it). */
function sessionOf(body: Json): { memberId: string; sessionId: string; jwt: string } | undefined {
  const jwt: unknown = body.session_jwt;
  if (typeof jwt !== "string") return undefined;
  try {
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Json;
    const sessionId: unknown = claims["https://stytch.com/session"]?.id;
    if (typeof claims.sub !== "string" || typeof sessionId !== "string") return undefined;
    return { memberId: claims.sub, sessionId, jwt };
  } catch {
    return undefined;
  }
}

/** The ids a Stytch search asks for under `filter` (its query's operands). */
function filterValues(body: Json, filter: string): string[] {
  const operands: unknown = body.query?.operands;
  const operand = Array.isArray(operands)
    ? (operands as Json[]).find((o) => o?.filter_name === filter)
    : undefined;
  return Array.isArray(operand?.filter_value) ? (operand.filter_value as unknown[]).map(String) : [];
}

/** The recordings cut at the template session's identifiers (person 0, organization 0). */
function compileAll(recorded: Recorded) {
  const { memberId, organizationId, sessionId, jwt } = recorded.template;
  const patterns = {
    jwt,
    sessionId,
    memberId,
    organizationId,
    email: scalePersonEmail(0),
    personName: '"Person 0"',
    orgName: '"Scale Org 0"',
    slug: /scale-org-0(?![0-9])/,
    // Where the discovery envelope's list goes.
    items: "@@items@@",
  };
  const cut = (text: string, what: string, required: string[]): Template =>
    requireSlots(compileTemplate(text, patterns), required, what);
  const discovery = JSON.parse(recorded.discovery) as Json;
  const items = discovery.discovered_organizations as Json[];
  const item = items.find((entry) => entry.organization?.organization_id === organizationId);
  const search = JSON.parse(recorded.membersSearch) as Json;
  const memberFields = ["memberId", "organizationId", "email", "personName"];
  const organizationFields = ["organizationId", "orgName", "slug"];
  return {
    authenticate: cut(recorded.authenticate, "sessions.authenticate", [
      "jwt",
      "sessionId",
      ...memberFields,
      "slug",
    ]),
    discovery: cut(
      JSON.stringify({ ...discovery, discovered_organizations: "__ITEMS__" }).replace(
        '"__ITEMS__"',
        "@@items@@",
      ),
      "discovery",
      ["email", "items"],
    ),
    discoveryItem: cut(JSON.stringify(item), "discovery item", [...memberFields, ...organizationFields]),
    member: cut(JSON.stringify(search.members[0]), "members.search", memberFields),
    organization: cut(
      JSON.stringify(search.organizations[organizationId]),
      "organization",
      organizationFields,
    ),
  };
}
