import { isDeepStrictEqual } from "node:util";
import type { AnchorAInit } from "./children/anchor-a-main";
import type { AnchorBInit } from "./children/anchor-b-main";
import type { AnchorCInit } from "./children/anchor-c-main";
import type { UpstreamInit } from "./children/upstream-main";
import type { Subject } from "./harness/phases";
import { startBenchChild, startBffProcess, type ServerProcess } from "./harness/server-process";
import {
  EXCHANGE_SELECTION,
  graphqlRequest,
  OPERATIONS,
  VIEWER_ORGANIZATIONS_SELECTION,
  VIEWER_SELECTION,
  type HttpRequest,
  type OperationName,
} from "./operations";
import { createStytchFixture, WIDE_ORGANIZATIONS, type StytchFixture } from "./record/stytch-fixture";

/** Same transport settings for the BFF and anchor C (the BFF's production defaults). */
const UPSTREAM_DEADLINE_MS = 3000;
const UPSTREAM_MAX_CONNECTIONS = 256;

/** The most connections a phase opens (each needs its own session when they must not coincide). */
const MAX_CONNECTIONS = 64;

/** Anchor C makes the operation's one Stytch call; viewer with a JWT makes none, so C has no such route. */
const C_OPERATIONS: readonly OperationName[] = ["exchangeSession", "viewer.organizations"];

export interface Stack {
  fixture: StytchFixture;
  upstream: ServerProcess;
  servers: { A?: ServerProcess; B: ServerProcess; C: ServerProcess; BFF: ServerProcess };
  /** Every (server, operation) pair the rounds measure, in round order. */
  subjects: Subject[];
  bffSubject(operation: OperationName): Subject;
  /** Whether the subject's server calls Stytch for its operation (C, and the BFF except for viewer). */
  callsStytch(subject: Subject): boolean;
  /** The BFF's answer bytes by operation, checked for shape at start. */
  answers: Record<OperationName, string>;
  requestFor(operation: OperationName, path?: string): HttpRequest;
  stop(): Promise<void>;
}

/**
 * Records Stytch's answers from the emulator, starts the canned upstream and every server under test, and
 * checks that they all answer what they should before anything is measured.
 */
export async function startStack(options: {
  anchorA: boolean;
  /** Extra node flags by server name (A, B, C, BFF), e.g. --cpu-prof. */
  nodeFlags?: Record<string, string[]>;
}): Promise<Stack> {
  const flags = (name: string) => options.nodeFlags?.[name] ?? [];
  const fixture = await createStytchFixture();
  const started: ServerProcess[] = [];
  const track = (server: ServerProcess) => (started.push(server), server);
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await fixture.emulator.stop();
  };
  try {
    const upstream = track(
      await startBenchChild("upstream", "upstream-main", [], {
        answers: fixture.answers,
        projectId: fixture.projectId,
      } satisfies UpstreamInit),
    );
    const bffEnv = {
      STYTCH_PROJECT_ID: fixture.projectId,
      STYTCH_SECRET: fixture.secret,
      STYTCH_BASE_URL: upstream.origin,
      STYTCH_DEADLINE_MS: String(UPSTREAM_DEADLINE_MS),
      STYTCH_MAX_CONNECTIONS: String(UPSTREAM_MAX_CONNECTIONS),
      // Here every operation pays its Stytch call, as C does, so that the figures are what our code adds to a
      // call; what the snapshot cache saves is measured against a slow upstream (bench/latency).
      CACHE_SNAPSHOT_SECONDS: "0",
      CACHE_DISCOVERY_SECONDS: "0",
    };

    const requestFor = (operation: OperationName, path = "/graphql"): HttpRequest => {
      const request = (() => {
        switch (operation) {
          case "exchangeSession":
            return graphqlRequest(
              EXCHANGE_SELECTION,
              { orgId: fixture.exchangeOrganizationId },
              fixture.adaSessionToken,
            );
          case "viewer":
            return graphqlRequest(VIEWER_SELECTION, {}, fixture.mintAdaJwt());
          case "viewer.organizations":
            return graphqlRequest(VIEWER_ORGANIZATIONS_SELECTION, {}, fixture.mintWideMemberJwt());
        }
      })();
      return { ...request, path };
    };

    const BFF = track(await startBffProcess("BFF", bffEnv, flags("BFF")));
    const answers = {} as Record<OperationName, string>;
    for (const operation of OPERATIONS) {
      answers[operation] = await send(BFF.origin, requestFor(operation));
      checkBffAnswer(operation, answers[operation]);
    }
    const data = (operation: OperationName) =>
      (JSON.parse(answers[operation]) as { data: Record<string, unknown> }).data;

    const [A, B, C] = await Promise.all([
      options.anchorA
        ? startBenchChild("A", "anchor-a-main", flags("A"), {
            answers: Object.fromEntries(OPERATIONS.map((operation) => [`/${operation}`, answers[operation]])),
          } satisfies AnchorAInit).then(track)
        : undefined,
      startBenchChild("B", "anchor-b-main", flags("B"), {
        exchangeSession: data("exchangeSession").exchangeSession,
        // One constant viewer serves both viewer selections (each asks for its own half).
        viewer: { ...(data("viewer").viewer as object), ...(data("viewer.organizations").viewer as object) },
      } satisfies AnchorBInit).then(track),
      startBenchChild("C", "anchor-c-main", flags("C"), {
        baseUrl: upstream.origin,
        projectId: fixture.projectId,
        secret: fixture.secret,
        deadlineMs: UPSTREAM_DEADLINE_MS,
        maxConnections: UPSTREAM_MAX_CONNECTIONS,
        calls: {
          "/exchangeSession": {
            endpoint: "sessions.exchange",
            group: "sessions",
            method: "POST",
            path: "/v1/b2b/sessions/exchange",
            idempotency: "write",
            body: { organization_id: fixture.exchangeOrganizationId, session_token: fixture.adaSessionToken },
          },
          "/viewer.organizations": {
            endpoint: "discovery.organizations",
            group: "discovery",
            method: "POST",
            path: "/v1/b2b/discovery/organizations",
            idempotency: "read",
            body: { session_jwt: fixture.mintWideMemberJwt() },
          },
        },
      } satisfies AnchorCInit).then(track),
    ]);

    const subjects: Subject[] = [];
    const bffSubjects = new Map<OperationName, Subject>();
    const plan = [
      ...(A ? [[A, OPERATIONS, "op"] as const] : []),
      [B, OPERATIONS, "/graphql"] as const,
      [C, C_OPERATIONS, "op"] as const,
      [BFF, OPERATIONS, "/graphql"] as const,
    ];
    for (const [server, operations, path] of plan) {
      for (const operation of operations) {
        const at = path === "op" ? `/${operation}` : path;
        const body = await send(server.origin, requestFor(operation, at));
        checkSameAnswer(server.name, operation, body, expectedJson(fixture, operation, server, answers));
        // Each connection lists its own session's organizations: the same session on every connection would
        // have the BFF answer concurrent identical reads with one Stytch call, which C does not do.
        const perConnection = server === BFF && operation === "viewer.organizations";
        const subject: Subject = {
          server,
          operation,
          requests: perConnection
            ? () => Array.from({ length: MAX_CONNECTIONS }, () => requestFor(operation, at))
            : () => [requestFor(operation, at)],
          perConnection,
          expectedBodies: new Set([body]),
        };
        subjects.push(subject);
        if (server === BFF) bffSubjects.set(operation, subject);
      }
    }

    return {
      fixture,
      upstream,
      servers: { A, B, C, BFF },
      subjects,
      bffSubject: (operation) => bffSubjects.get(operation)!,
      callsStytch: (subject) =>
        (subject.server === C || subject.server === BFF) &&
        C_OPERATIONS.includes(subject.operation as OperationName),
      answers,
      requestFor,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What each server must answer: the BFF's data for A and B, Stytch's own JSON for C. */
function expectedJson(
  fixture: StytchFixture,
  operation: OperationName,
  server: ServerProcess,
  answers: Record<OperationName, string>,
): unknown {
  if (server.name !== "C") return JSON.parse(answers[operation]);
  return JSON.parse(operation === "exchangeSession" ? fixture.answers.exchange : fixture.answers.discovery);
}

function checkSameAnswer(server: string, operation: string, body: string, expected: unknown): void {
  if (!isDeepStrictEqual(JSON.parse(body), expected)) {
    throw new Error(`${server} answers ${operation} differently from the BFF/Stytch: ${body.slice(0, 300)}`);
  }
}

/** The bench measures nothing unless the BFF's answers are the real, successful ones. */
function checkBffAnswer(operation: OperationName, body: string): void {
  const answer = JSON.parse(body) as { data?: Record<string, any>; errors?: unknown }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const fail = (why: string) => {
    throw new Error(`BFF ${operation}: ${why}: ${body.slice(0, 400)}`);
  };
  if (answer.errors) fail("errors in the answer");
  const data = answer.data ?? {};
  if (operation === "exchangeSession" && data.exchangeSession?.__typename !== "AuthenticatedSession") {
    fail("not an AuthenticatedSession");
  }
  if (operation === "viewer" && !data.viewer?.session?.memberId) fail("no viewer session");
  if (operation === "viewer.organizations" && data.viewer?.organizations?.length !== WIDE_ORGANIZATIONS) {
    fail(`not ${WIDE_ORGANIZATIONS} organizations`);
  }
}

async function send(origin: string, request: HttpRequest): Promise<string> {
  const response = await fetch(origin + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${origin}${request.path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}
