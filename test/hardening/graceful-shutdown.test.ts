import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { join } from "node:path";

const GRACE_MS = 5000;
const DELAY_MS = 1500;

type Result = { status: number; text: string } | { error: string };

/** One request on a fresh connection; never rejects (a failure is a result to count). */
function post(port: number, path: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<Result>((resolve) => {
    const reject = (error: Error) =>
      resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message });
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: body ? "POST" : "GET",
        agent: false,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("SIGTERM under load", () => {
  it("fails readiness at once, finishes every request that had started, and exits within the grace period", async () => {
    const child = spawn(process.execPath, [join(__dirname, "..", "..", "dist", "src", "main.js")], {
      env: {
        ...process.env,
        PORT: "0",
        NODE_ENV: "test",
        LOG_LEVEL: "info",
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        SHUTDOWN_DELAY_MS: String(DELAY_MS),
        // Any free port: parallel runs must not collide on the default metrics port.
        METRICS_PORT: "0",
        STYTCH_PROJECT_ID: "",
        STYTCH_SECRET: "",
      },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number>((resolve) => child.on("exit", () => resolve(Date.now())));
    while (!/Demo session token/.test(output)) await new Promise((resolve) => setTimeout(resolve, 50));
    const port = Number(/ready at http:\/\/[^:]+:(\d+)\//.exec(output)![1]);
    const emulator = /embedded Stytch emulator at (\S+)/.exec(output)![1];
    const token = /Demo session token \(Ada, Acme Corp\): (\S+)/.exec(output)![1];

    // Every exchange takes 200 ms upstream, so plenty are in flight when SIGTERM arrives.
    await fetch(`${emulator}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/v1/b2b/sessions/exchange", latency_ms: 200, times: 100_000 }),
    });
    const body = JSON.stringify({ query: `mutation { exchangeSession(orgId: "hooli") { __typename } }` });
    const results: Array<Promise<Result>> = [];
    let stopLoad = false;
    const load = (async () => {
      while (!stopLoad) {
        for (let i = 0; i < 2; i++)
          results.push(post(port, "/graphql", body, { authorization: `Bearer ${token}` }));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 600));
    const killedAt = Date.now();
    child.kill("SIGTERM");
    // Readiness fails at once (the signal takes a moment to arrive), while the server still accepts.
    let readiness = await post(port, "/readyz", "");
    for (let i = 0; i < 20 && "status" in readiness && readiness.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      readiness = await post(port, "/readyz", "");
    }
    const readinessFailedAfterMs = Date.now() - killedAt;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopLoad = true;
    await load;

    const answers = await Promise.all(results);
    const exitedAt = await exited;
    // The server's own account: one log line per request it started, written when it ended.
    const started = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === "request" && line.route === "/graphql");
    const ok = answers.filter(
      (a): a is { status: number; text: string } => "status" in a && a.status === 200,
    );
    expect(readiness).toMatchObject({ status: 503 });
    expect(readinessFailedAfterMs).toBeLessThan(DELAY_MS);
    expect(started.length).toBeGreaterThan(20);
    expect(started.filter((line) => line.status !== 200 || line.aborted)).toEqual([]);
    // Every request the server started reached its client as a 200; the rest were refused before starting.
    expect(ok.length).toBe(started.length);
    for (const answer of ok)
      expect(JSON.parse(answer.text).data.exchangeSession.__typename).toBe("AuthenticatedSession");
    for (const answer of answers)
      if ("error" in answer) expect(["ECONNREFUSED", "ECONNRESET"]).toContain(answer.error);
    expect(exitedAt - killedAt).toBeLessThan(GRACE_MS + 1000);
  }, 30_000);
});
