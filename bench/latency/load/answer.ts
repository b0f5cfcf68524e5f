import type { Expectation } from "../requests";

/** How one answer went, as a client sees it. */
export interface Outcome {
  ok: boolean;
  /** For failures: GraphQL `extensions.code`, else HTTP_<status>, BAD_ANSWER, or CLIENT_<error code>. */
  code?: string;
  /** Whether a failure told the client when to retry (`extensions.retryAfter` or a Retry-After header). */
  retryAfter: boolean;
  /** A successful answer about a member other than the one the JWT names: a cache serving the wrong person. */
  wrongMember: boolean;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const failed = (code: string, retryAfter = false): Outcome => ({
  ok: false,
  code,
  retryAfter,
  wrongMember: false,
});

/** Reads an answer's body: a failure's code and retry hint, or whether it is the whole, right answer. */
export function classify(
  status: number,
  retryAfterHeader: unknown,
  text: string,
  expect: Expectation,
): Outcome {
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    return failed(`HTTP_${status}`, retryAfterHeader !== undefined);
  }
  const errors = expect.format === "graphql" && Array.isArray(body?.errors) ? (body.errors as Json[]) : [];
  if (errors.length > 0) {
    const retryAfter =
      retryAfterHeader !== undefined || errors.some((e) => typeof e?.extensions?.retryAfter === "number");
    return failed(String(errors[0]?.extensions?.code ?? "NO_CODE"), retryAfter);
  }
  if (status !== 200) return failed(`HTTP_${status}`, retryAfterHeader !== undefined);
  const memberId = expect.format === "graphql" ? whoseGraphql(body, expect) : whoseRaw(body, expect);
  if (memberId === undefined) return failed("BAD_ANSWER");
  const wrongMember = expect.memberId !== undefined && memberId !== expect.memberId;
  return { ok: !wrongMember, code: wrongMember ? "WRONG_MEMBER" : undefined, retryAfter: false, wrongMember };
}

/** The member a complete GraphQL answer is about ("" for an exchange), or undefined when incomplete. */
function whoseGraphql(body: Json, expect: Expectation): string | undefined {
  const data = body?.data;
  if (expect.kind === "exchange") {
    return data?.exchangeSession?.__typename === "AuthenticatedSession" ? "" : undefined;
  }
  const viewer = data?.viewer;
  if (typeof viewer?.member?.id !== "string") return undefined;
  if (expect.kind === "claims") return typeof viewer.session?.id === "string" ? viewer.member.id : undefined;
  const complete =
    typeof viewer.organization?.id === "string" && viewer.organizations?.length === expect.organizations;
  return complete ? viewer.member.id : undefined;
}

/** Anchor C answers Stytch's own objects. */
function whoseRaw(body: Json, expect: Expectation): string | undefined {
  if (expect.kind === "exchange") return body?.member_authenticated === true ? "" : undefined;
  const complete = body?.organizations?.length === expect.organizations;
  return complete && typeof body?.member?.member_id === "string" ? body.member.member_id : undefined;
}
