import { createProbes, PROBE_PATHS } from "../../src/http/probes";
import { listenOnPort0, type LocalServer } from "./listen-on-port-0";

describe("probes", () => {
  const probes = createProbes();
  let server: LocalServer;
  beforeAll(async () => {
    server = await listenOnPort0((req, res) => {
      if (probes.answer(req.url ?? "/", res)) return;
      res.statusCode = 418;
      res.end("next handler");
    });
  });
  afterAll(() => server.close());

  const get = async (path: string) => {
    const response = await fetch(server.url + path);
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: await response.text(),
    };
  };

  it("answers liveness and readiness in JSON, and leaves every other path to the next handler", async () => {
    expect(await get("/livez")).toEqual({
      status: 200,
      type: "application/json; charset=utf-8",
      body: '{"status":"ok"}',
    });
    expect(await get("/readyz")).toEqual({
      status: 200,
      type: "application/json; charset=utf-8",
      body: '{"status":"ok"}',
    });
    expect(await get("/graphql")).toMatchObject({ status: 418, body: "next handler" });
    expect(await get("/livez/")).toMatchObject({ status: 418 });
    expect([...PROBE_PATHS]).toEqual(["/livez", "/readyz"]);
  });

  it("fails readiness once draining, while liveness stays up", async () => {
    expect(probes.draining).toBe(false);
    probes.beginDrain();
    expect(probes.draining).toBe(true);
    expect(await get("/readyz")).toMatchObject({ status: 503, body: '{"status":"draining"}' });
    expect(await get("/livez")).toMatchObject({ status: 200, body: '{"status":"ok"}' });
  });
});
