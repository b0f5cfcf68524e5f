import { DEMO, DEV_PROJECT_ID, DEV_SECRET, scaleMemberId, scaleOrganizationId } from "../../src/emulator";
import type { ServerProcess } from "../harness/server-process";
import { recordingCall, type StytchAnswers } from "../record/stytch-fixture";
import type { MemberSpace } from "./members";
import type { ExchangeCaller } from "./requests";
import type { Recorded } from "./upstream/personal-answers";

export interface Recordings {
  answers: StytchAnswers;
  recorded: Recorded;
  caller: ExchangeCaller;
}

/**
 * Stytch's answers as the emulator sends them, recorded once: everything about one session of person 0 in
 * scale organization 0 (member index 0: it is only ever shown to the emulator, so it stays cold for every
 * server), Ada's switch into hooli, and the key set the emulator signs every JWT with.
 */
export async function recordAnswers(emulator: ServerProcess, members: MemberSpace): Promise<Recordings> {
  const call = recordingCall(emulator.origin, DEV_PROJECT_ID, DEV_SECRET);
  const [template] = await members.mint(0, 1);
  if (template.memberId !== scaleMemberId(0, 0)) throw new Error("member index 0 is not person 0 in org 0");
  const { sessionToken } = await emulator.ask<{ sessionToken: string }>("ada");
  const caller = { sessionToken, organizationId: DEMO.organizations.hooli.id };
  const search = (filter: string, ids: string[]) => ({
    limit: ids.length,
    query: { operator: "AND", operands: [{ filter_name: filter, filter_value: ids }] },
  });
  const authenticate = await call("/v1/b2b/sessions/authenticate", { session_jwt: template.jwt });
  const discovery = await call("/v1/b2b/discovery/organizations", { session_jwt: template.jwt });
  const exchange = await call("/v1/b2b/sessions/exchange", {
    organization_id: caller.organizationId,
    session_token: caller.sessionToken,
  });
  if (JSON.parse(exchange).member_authenticated !== true) throw new Error("Ada → hooli is not authenticated");
  return {
    answers: {
      exchange,
      authenticate,
      discovery,
      jwks: await call(`/v1/b2b/sessions/jwks/${DEV_PROJECT_ID}`),
    },
    recorded: {
      authenticate,
      discovery,
      membersSearch: await call("/v1/b2b/organizations/members/search", {
        organization_ids: [template.organizationId],
        ...search("member_ids", [template.memberId]),
      }),
      organizationsSearch: await call(
        "/v1/b2b/organizations/search",
        search("organization_ids", [scaleOrganizationId(0)]),
      ),
      template,
    },
    caller,
  };
}
