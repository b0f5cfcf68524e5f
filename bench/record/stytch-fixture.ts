import {
  createEmulator,
  DEMO,
  DEV_PROJECT_ID,
  DEV_SECRET,
  scaleMemberId,
  scaleSeed,
  type Emulator,
} from "../../src/emulator";

/** Organizations the "wide" member belongs to: the discovery answer lists all of them. */
export const WIDE_ORGANIZATIONS = 50;

/** Stytch's answers as raw bytes, recorded once from the emulator and replayed by the canned upstream. */
export interface StytchAnswers {
  /** sessions.exchange, Ada (acme) → hooli: authenticated, a new session. */
  exchange: string;
  /** sessions.authenticate of Ada's opaque session token. */
  authenticate: string;
  /** discovery.organizations of a member of WIDE_ORGANIZATIONS organizations. */
  discovery: string;
  /** The emulator's key set: the JWTs it mints verify against it. */
  jwks: string;
}

export interface StytchFixture {
  emulator: Emulator;
  projectId: string;
  secret: string;
  answers: StytchAnswers;
  /** The organization Ada switches into. */
  exchangeOrganizationId: string;
  adaSessionToken: string;
  /** A fresh Ada JWT (they live 5 minutes: mint one right before each phase that sends one). */
  mintAdaJwt(): string;
  /** A fresh JWT of a session of the member of WIDE_ORGANIZATIONS organizations. */
  mintWideMemberJwt(): string;
}

/**
 * Starts the emulator (it stays up to mint JWTs; the canned upstream, not the emulator, answers under load)
 * and records the answers the BFF needs, each as the emulator sent it.
 */
export async function createStytchFixture(): Promise<StytchFixture> {
  const emulator = createEmulator({
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    seed: scaleSeed({
      people: 1,
      organizations: WIDE_ORGANIZATIONS,
      membershipsPerPerson: WIDE_ORGANIZATIONS,
    }),
  });
  const { url } = await emulator.start({ port: 0 });
  const ada = emulator.demoSessions.ada;
  const wideMemberId = scaleMemberId(0, 0);
  const mintWideMemberJwt = () => emulator.createSession({ memberId: wideMemberId }).sessionJwt;

  const call = recordingCall(url, DEV_PROJECT_ID, DEV_SECRET);

  const exchange = await call("/v1/b2b/sessions/exchange", {
    organization_id: DEMO.organizations.hooli.id,
    session_token: ada.sessionToken,
  });
  if (JSON.parse(exchange).member_authenticated !== true) throw new Error("Ada → hooli is not authenticated");
  const answers: StytchAnswers = {
    exchange,
    authenticate: await call("/v1/b2b/sessions/authenticate", { session_token: ada.sessionToken }),
    discovery: await call("/v1/b2b/discovery/organizations", { session_jwt: mintWideMemberJwt() }),
    jwks: await call(`/v1/b2b/sessions/jwks/${DEV_PROJECT_ID}`),
  };
  const discovered = JSON.parse(answers.discovery).discovered_organizations as unknown[];
  if (discovered.length !== WIDE_ORGANIZATIONS) throw new Error(`discovery lists ${discovered.length} orgs`);

  return {
    emulator,
    projectId: DEV_PROJECT_ID,
    secret: DEV_SECRET,
    answers,
    exchangeOrganizationId: DEMO.organizations.hooli.id,
    adaSessionToken: ada.sessionToken,
    mintAdaJwt: () => emulator.demoSessions.ada.sessionJwt,
    mintWideMemberJwt,
  };
}

/**
 * A Stytch call to the emulator at `url` (GET without a body, else a JSON POST), answering its exact text: what
 * a canned upstream replays. Anything but 200 stops the recording.
 */
export function recordingCall(
  url: string,
  projectId: string,
  secret: string,
): (path: string, body?: unknown) => Promise<string> {
  return async (path, body) => {
    const response = await fetch(url + path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: "Basic " + Buffer.from(`${projectId}:${secret}`).toString("base64"),
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`recording ${path}: ${response.status} ${text.slice(0, 200)}`);
    return text;
  };
}
