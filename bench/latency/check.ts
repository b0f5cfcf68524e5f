import { isDeepStrictEqual } from "node:util";
import { classify } from "./load/answer";
import type { MemberSpace } from "./members";
import type { LatencySubject, LoadRequest } from "./requests";

/**
 * Nothing is measured unless every server answers what it should: the BFF and C the whole page load of the
 * member the JWT names, the peer exactly the BFF's data for the same member (so they do the same work), the
 * BFF the claims-only query and an exchange. Members of the reserved range: no cold phase meets them.
 */
export async function checkAnswers(
  subjects: Record<"BFF" | "C" | "peer", LatencySubject>,
  members: MemberSpace,
): Promise<void> {
  const credential = await members.checkMember(0);
  const answers: Record<string, unknown> = {};
  for (const subject of Object.values(subjects)) {
    answers[subject.name] = await expectOk(subject, subject.pageLoad(credential), "page load");
  }
  const data = (name: string) => (answers[name] as { data?: unknown }).data;
  if (!isDeepStrictEqual(shapeOf(data("BFF")), shapeOf(data("peer")))) {
    throw new Error(`the peer's page load has another shape than the BFF's: ${JSON.stringify(data("peer"))}`);
  }
  if (!isDeepStrictEqual(data("BFF"), data("peer"))) {
    throw new Error(
      `the peer's page load differs from the BFF's:\n${JSON.stringify(data("BFF"))}\n${JSON.stringify(data("peer"))}`,
    );
  }
  await expectOk(subjects.BFF, subjects.BFF.claims(await members.checkMember(1)), "claims-only query");
  await expectOk(subjects.BFF, subjects.BFF.exchange(), "exchange");
  await expectOk(subjects.C, subjects.C.exchange(), "exchange");
}

async function expectOk(subject: LatencySubject, request: LoadRequest, what: string): Promise<unknown> {
  const response = await fetch(subject.server.origin + request.path, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  const outcome = classify(
    response.status,
    response.headers.get("retry-after") ?? undefined,
    text,
    request.expect,
  );
  if (!outcome.ok) throw new Error(`${subject.name} ${what}: ${outcome.code}: ${text.slice(0, 400)}`);
  return JSON.parse(text);
}

/** The value with every leaf replaced by its type: what "same shape" compares. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
  }
  return value === null ? "null" : typeof value;
}
