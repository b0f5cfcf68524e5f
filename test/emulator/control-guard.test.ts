/**
 * The control API refuses what a web page on another site could send it: a forged POST (its Origin names
 * that site) and DNS rebinding (a Host that is someone's domain name). Tools (curl, tests, the SDK) send
 * neither and keep working. Real HTTP to a real emulator.
 */
import { createEmulator, type Emulator } from "../../src/emulator";
import { rawRequest } from "../support/http";

let emulator: Emulator;
let port: number;
beforeAll(async () => {
  emulator = createEmulator({ projectId: "project-test-guard", secret: "secret-test-guard" });
  port = Number(new URL((await emulator.start({ port: 0, host: "127.0.0.1" })).url).port);
});
afterAll(() => emulator.stop());

const FAULT = JSON.stringify({ path: "/v1/b2b/sessions/authenticate", status: 500, times: 1 });

describe("the emulator's control API and web pages", () => {
  it("refuses a POST forged by a page on another site, and installs nothing", async () => {
    const answer = await rawRequest(port, {
      path: "/__emulator/faults",
      body: FAULT,
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
    });
    expect(answer).toMatchObject({ status: 403 });
    expect(JSON.parse((answer as { text: string }).text).error_type).toBe("forbidden_origin");
    expect(emulator.listFaults()).toEqual([]);
  });

  it("refuses a request whose Host is a domain name (DNS rebinding), so codes cannot be read", async () => {
    const answer = await rawRequest(port, {
      path: "/__emulator/members",
      headers: { host: `rebound.evil.example:${port}` },
    });
    expect(answer).toMatchObject({ status: 403 });
    expect((answer as { text: string }).text).not.toContain("member_id");
  });

  it.each([
    ["a tool (no Origin, Host an IP address)", () => ({})],
    ["a tool addressing localhost", () => ({ host: `localhost:${port}` })],
    ["a page on loopback", () => ({ origin: "http://localhost:5173" })],
    ["a page on 127.0.0.1", () => ({ origin: "http://127.0.0.1:5173" })],
  ])("answers %s", async (_name, headers: () => Record<string, string>) => {
    const answer = await rawRequest(port, { path: "/__emulator/members", headers: headers() });
    expect(answer).toMatchObject({ status: 200 });
  });

  it("treats a domain that merely starts with 127. as foreign", async () => {
    const answer = await rawRequest(port, {
      path: "/__emulator/reset",
      method: "POST",
      body: "{}",
      headers: { origin: "http://127.evil.example" },
    });
    expect(answer).toMatchObject({ status: 403 });
  });
});
