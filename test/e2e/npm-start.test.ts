import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

/** What a newcomer does: `npm start` with no configuration, then the exchange with the printed demo token. */
describe("npm start (embedded emulator)", () => {
  let child: ChildProcess;
  let output = "";
  let url = "";
  let token = "";
  let readyAfterMs = 0;

  beforeAll(async () => {
    const port = await freePort();
    const started = Date.now();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      // Any free port: parallel runs must not collide on the default metrics port.
      METRICS_PORT: "0",
    };
    delete env.STYTCH_PROJECT_ID;
    delete env.STYTCH_SECRET;
    delete env.STYTCH_BASE_URL;
    child = spawn("npm", ["start", "--silent"], { cwd: join(__dirname, "..", ".."), env, detached: true });
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () => /Demo session token \(Ada, Acme Corp\): (\S+)/.test(output),
      10_000,
      () => output,
    );
    readyAfterMs = Date.now() - started;
    url = /ready at (http:\/\/\S+\/graphql)/.exec(output)![1];
    token = /Demo session token \(Ada, Acme Corp\): (\S+)/.exec(output)![1];
  }, 15_000);

  afterAll(async () => {
    const exited =
      child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
    // npm and the server it started share a process group: SIGTERM reaches both.
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  });

  it("answers on /graphql within 10 s and says it runs on the embedded emulator", async () => {
    expect(readyAfterMs).toBeLessThan(10_000);
    expect(output).toContain("embedded Stytch emulator");
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it.each([
    ["hooli", "AuthenticatedSession"],
    ["globex", "MfaChallenge"],
    ["initech", "PrimaryAuthRequired"],
  ])("exchanges the printed demo session into %s: %s", async (orgId, typename) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation ($orgId: ID!) { exchangeSession(orgId: $orgId) { __typename ... on ExchangeOutcome { organization { slug } } } }`,
        variables: { orgId },
      }),
    });
    const body = (await response.json()) as { data: { exchangeSession: unknown } };
    expect(body.data.exchangeSession).toEqual({ __typename: typename, organization: { slug: orgId } });
  });

  it("serves Prometheus metrics on loopback, at the URL the banner prints, and not on the public port", async () => {
    const metricsUrl = /Prometheus metrics at (http:\/\/\S+\/metrics)/.exec(output)?.[1];
    expect(metricsUrl).toBeDefined();
    expect(new URL(metricsUrl!).hostname).toBe("127.0.0.1");
    const scrape = await fetch(metricsUrl!);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("bff_requests_total");
    expect((await fetch(url.replace(/\/graphql$/, "/metrics"))).status).toBe(404);
  });

  it("serves Apollo Sandbox in development", async () => {
    const response = await fetch(url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(ready: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
