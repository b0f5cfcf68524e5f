import { ApolloClient, InMemoryCache } from "@apollo/client";
import { Kind, OperationTypeNode, type DocumentNode } from "graphql";
import { createApolloClient } from "../../client/apollo";
import {
  CompleteMfaDocument,
  SwitchOrganizationDocument,
  ViewerDocument,
  type SwitchOrganizationMutation,
} from "../../client/generated/graphql";
import { switchByHand } from "../../examples/mobile/switch-by-hand";
import { switchWithMfa } from "../../examples/mobile/switch-with-mfa";
import { startStack, type Stack } from "../support/start-stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.reset());

/** A mobile app on client/apollo.ts: Node's fetch, bearer mode, the token it stores used from the next request. */
function mobileApp() {
  let token = stack.emulator.demoSessions.ada.sessionToken;
  const client = createApolloClient({ uri: stack.url, getBearer: () => token });
  return { client, store: (next: string) => (token = next) };
}

/**
 * Switches into globex (MFA by SMS) with the cache's default policy, then reads the answer back from the
 * normalized cache, as a component reading the cache would see it (the network answer itself is always whole).
 */
async function switchToGlobex(client: ApolloClient) {
  const variables = { orgId: "globex" };
  // keepRootFields: Apollo clears ROOT_MUTATION after a mutation; kept here to read what the cache wrote.
  await client.mutate({ mutation: SwitchOrganizationDocument, variables, keepRootFields: true });
  const cached = client.cache.readQuery<SwitchOrganizationMutation>({
    query: asQuery(SwitchOrganizationDocument),
    variables,
    id: "ROOT_MUTATION",
  });
  return cached?.exchangeSession;
}

/** The same selection as a query: the cache reads only queries, here from ROOT_MUTATION instead of ROOT_QUERY. */
function asQuery(document: DocumentNode): DocumentNode {
  const definitions = document.definitions.map((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? { ...definition, operation: OperationTypeNode.QUERY }
      : definition,
  );
  return { ...document, definitions };
}

describe("@apollo/client configured by client/apollo.ts (mobile, bearer)", () => {
  it("switches into an MFA organization, completes MFA by SMS and reads the new session's viewer", async () => {
    const app = mobileApp();
    const challenge = await switchToGlobex(app.client);
    if (challenge?.__typename !== "MfaChallenge") throw new Error(`expected MfaChallenge: ${challenge}`);
    // Selected only through `... on ExchangeOutcome`: present because the cache knows possibleTypes.
    expect(challenge.member.id).toBeTruthy();
    expect(challenge.organization.slug).toBe("globex");
    expect(challenge.intermediateSessionToken).toBeTruthy();

    const code = stack.emulator.lastSmsCode(challenge.member.id)!.code;
    const done = await app.client.mutate({
      mutation: CompleteMfaDocument,
      variables: {
        orgId: challenge.organization.id,
        memberId: challenge.member.id,
        method: "SMS_OTP",
        code,
        intermediateSessionToken: challenge.intermediateSessionToken,
      },
    });
    const session = done.data!.completeMfa;
    expect(session.organization.slug).toBe("globex");
    app.store(session.sessionToken!);

    const { data } = await app.client.query({ query: ViewerDocument });
    expect(data?.viewer).toMatchObject({
      member: { id: challenge.member.id },
      organization: { slug: "globex" },
      session: { organizationId: challenge.organization.id },
    });
  });

  it("loses member and organization with the same link and a cache without possibleTypes (the bug)", async () => {
    const { client } = mobileApp();
    const unaware = new ApolloClient({ link: client.link, cache: new InMemoryCache() });
    const challenge = await switchToGlobex(unaware);
    expect(challenge?.__typename).toBe("MfaChallenge");
    expect(challenge).not.toHaveProperty("member");
    expect(challenge).not.toHaveProperty("organization");
  });
});

describe("examples/mobile/switch-with-mfa.ts (the README's mobile snippet)", () => {
  it("switches into globex, completes MFA with the texted code, stores the new token and reads the viewer", async () => {
    const stored = new Map([["session", stack.emulator.demoSessions.ada.sessionToken]]);
    const store = {
      get: async (key: "session") => stored.get(key) ?? null,
      set: async (key: "session", value: string) => void stored.set(key, value),
    };
    const asked: Array<string | null | undefined> = [];
    const viewer = await switchWithMfa({
      uri: stack.url,
      store,
      orgId: "globex",
      askForSmsCode: async (challenge) => {
        asked.push(challenge.phoneNumber);
        return stack.emulator.lastSmsCode(challenge.member.id)!.code;
      },
    });
    expect(asked).toEqual(["XXXXXXX0100"]);
    expect(stored.get("session")).not.toBe(stack.emulator.demoSessions.ada.sessionToken);
    expect(viewer).toMatchObject({ organization: { slug: "globex" } });
    expect(viewer!.session.organizationId).toBe(viewer!.organization.id);
  });

  it("stores the new token of a switch that needs no MFA", async () => {
    const stored = new Map([["session", stack.emulator.demoSessions.ada.sessionToken]]);
    const store = {
      get: async (key: "session") => stored.get(key) ?? null,
      set: async (key: "session", value: string) => void stored.set(key, value),
    };
    const askForSmsCode = jest.fn(async () => "000000");
    const viewer = await switchWithMfa({ uri: stack.url, store, orgId: "hooli", askForSmsCode });
    expect(askForSmsCode).not.toHaveBeenCalled();
    expect(viewer).toMatchObject({ organization: { slug: "hooli" } });
  });

  it("by hand (docs/frontend.md): stores an AuthenticatedSession's token and hands back an MfaChallenge", async () => {
    const stored = new Map([["session", stack.emulator.demoSessions.ada.sessionToken]]);
    const store = {
      get: async (key: "session") => stored.get(key) ?? null,
      set: async (key: "session", value: string) => void stored.set(key, value),
    };
    const challenge = await switchByHand(stack.url, store, "globex");
    expect(challenge.__typename).toBe("MfaChallenge");
    expect(challenge.intermediateSessionToken).toEqual(expect.any(String));
    expect(stored.get("session")).toBe(stack.emulator.demoSessions.ada.sessionToken);

    const switched = await switchByHand(stack.url, store, "hooli");
    expect(switched.__typename).toBe("AuthenticatedSession");
    expect(stored.get("session")).toBe(switched.sessionToken);
    expect(switched.sessionToken).not.toBe(stack.emulator.demoSessions.ada.sessionToken);
  });

  it("by hand: a refused switch throws the API's error code", async () => {
    const store = { get: async () => "not-a-session-token", set: async () => undefined };
    await expect(switchByHand(stack.url, store, "hooli")).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
