import { postGraphQL } from "../support/http";
import { startShipped, type ShippedProcess } from "../support/shipped-process";

/** What a newcomer does: `npm start` with no configuration, then the exchange with the printed demo token. */
describe("npm start (embedded emulator)", () => {
  let bff: ShippedProcess;

  beforeAll(async () => {
    // Any free port: parallel runs must not collide on the default one (nor on the default metrics port).
    bff = await startShipped({ NODE_ENV: "development", PORT: "0" }, 15_000);
  }, 20_000);

  afterAll(() => bff?.stop());

  it("answers on /graphql within 10 s and says it runs on the embedded emulator", async () => {
    expect(bff.readyAfterMs).toBeLessThan(10_000);
    expect(bff.output()).toContain("embedded Stytch emulator");
    const answer = await postGraphQL(bff.url, "{ __typename }");
    expect(answer.json).toEqual({ data: { __typename: "Query" } });
  });

  it.each([
    ["hooli", "AuthenticatedSession"],
    ["globex", "MfaChallenge"],
    ["initech", "PrimaryAuthRequired"],
  ])("exchanges the printed demo session into %s: %s", async (orgId, typename) => {
    expect(bff.demoToken).toBeDefined();
    const answer = await postGraphQL(
      bff.url,
      `mutation ($orgId: ID!) { exchangeSession(orgId: $orgId) { __typename ... on ExchangeOutcome { organization { slug } } } }`,
      { orgId },
      { bearer: bff.demoToken },
    );
    expect(answer.json.data.exchangeSession).toEqual({ __typename: typename, organization: { slug: orgId } });
  });

  it("serves Prometheus metrics on loopback, at the URL the banner prints, and not on the public port", async () => {
    const metricsUrl = bff.metricsUrl;
    expect(metricsUrl).toBeDefined();
    expect(new URL(metricsUrl!).hostname).toBe("127.0.0.1");
    const scrape = await fetch(metricsUrl!);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("bff_requests_total");
    expect((await fetch(bff.url.replace(/\/graphql$/, "/metrics"))).status).toBe(404);
  });

  it("serves Apollo Sandbox in development", async () => {
    const response = await fetch(bff.url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });
});
