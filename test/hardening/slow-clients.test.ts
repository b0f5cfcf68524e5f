import { connect, type Socket } from "node:net";
import { startStack, type Stack } from "../support/start-stack";
import { withDeadline } from "../support/wait";

/**
 * Slow or idle clients must not hold connections for minutes. The stack's server is the shipped one
 * (src/http/create-http-server.ts) with short timeouts; Node looks for expired requests once a second.
 */
const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const CHECKING_INTERVAL_MS = 1000;
/**
 * Scheduling on a busy 2-core machine, with other test files running beside this one. Generous: the claim is
 * that the configured timeouts close the connection (Node's own defaults would hold it for 60 s and more),
 * and the lower bounds below show it is not closed before them.
 */
const MARGIN_MS = 2000;
/** How long an answer within the limits may take to arrive, on a busy machine. */
const ANSWER_MS = 5000;
const MAX_CONNECTIONS = 4;

interface Ending {
  /** Everything the server sent before closing. */
  text: string;
  /** From the first byte written (or the connection, when nothing is written) to the close. */
  afterMs: number;
}

let stack: Stack;
let port: number;
beforeAll(async () => {
  stack = await startStack({
    http: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS },
  });
  port = Number(new URL(stack.url).port);
});
afterAll(() => stack.stop());

function open(to = port): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves when the server closes the socket, with what it sent; gives up after `limitMs`. */
function ending(socket: Socket, limitMs: number): Promise<Ending> {
  const started = performance.now();
  let text = "";
  socket.on("data", (chunk) => (text += chunk));
  socket.on("error", () => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still open after ${limitMs} ms; got: ${text}`)),
      limitMs,
    );
    socket.once("close", () => {
      clearTimeout(timer);
      resolve({ text, afterMs: performance.now() - started });
    });
  });
}

function expect408(text: string): void {
  const [head, body] = text.split("\r\n\r\n");
  expect(head).toMatch(/^HTTP\/1\.1 408 /);
  expect(head).toMatch(/content-type: application\/json/i);
  expect(JSON.parse(body)).toEqual({
    errors: [
      { message: expect.any(String), extensions: { code: "BAD_USER_INPUT", requestId: expect.any(String) } },
    ],
  });
}

const validBody = JSON.stringify({ query: "{ __typename }" });
const requestHead = (length: number) =>
  `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

describe("slow clients (headers 1 s, request 2 s)", () => {
  it("answers headers that never finish with 408 in JSON and closes the connection", async () => {
    const socket = await open();
    const closed = ending(socket, HEADERS_TIMEOUT_MS + CHECKING_INTERVAL_MS + MARGIN_MS);
    socket.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ");
    const drip = setInterval(() => socket.write("a"), 100);
    const { text, afterMs } = await closed.finally(() => clearInterval(drip));
    expect408(text);
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
  });

  it("answers a body dripped byte by byte with 408 in JSON and closes the connection", async () => {
    const socket = await open();
    const closed = ending(socket, REQUEST_TIMEOUT_MS + CHECKING_INTERVAL_MS + MARGIN_MS);
    socket.write(requestHead(Buffer.byteLength(validBody)));
    let sent = 0;
    // A byte every 250 ms: the 29-byte body would take 7 s, far longer than the request may take.
    const drip = setInterval(() => socket.write(validBody[sent++] ?? ""), 250);
    const { text, afterMs } = await closed.finally(() => clearInterval(drip));
    expect408(text);
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
  });

  it("closes a connection that never sends a byte", async () => {
    const socket = await open();
    const { afterMs } = await ending(socket, HEADERS_TIMEOUT_MS + CHECKING_INTERVAL_MS + MARGIN_MS);
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
  });

  it("still answers a client that takes its time within the limits", async () => {
    const socket = await open();
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    const answered = new Promise<void>((resolve) =>
      socket.on("data", () => text.includes("}}") && resolve()),
    );
    socket.write(requestHead(Buffer.byteLength(validBody)));
    // Half the body now, the rest well before the request timeout (the server's clock, not ours, decides).
    socket.write(validBody.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS / 4));
    socket.write(validBody.slice(10));
    await withDeadline(answered, ANSWER_MS, () => `an answer to the slow but timely client; got: ${text}`);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('{"data":{"__typename":"Query"}}');
    socket.destroy();
  });
});

describe(`a connection cap of ${MAX_CONNECTIONS}`, () => {
  let capped: Stack;
  let cappedPort: number;
  beforeAll(async () => {
    capped = await startStack({ http: { maxConnections: MAX_CONNECTIONS } });
    cappedPort = Number(new URL(capped.url).port);
  });
  afterAll(() => capped.stop());

  it("closes connections beyond the cap at once, while those within it are served", async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open(cappedPort)));
    const extra = await open(cappedPort);
    const refused = await ending(extra, 1000);
    expect(refused.text).toBe("");

    // Each held connection still gets its answer.
    for (const socket of held) {
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      const answered = new Promise<void>((resolve) =>
        socket.on("data", () => text.includes("}}") && resolve()),
      );
      socket.write(requestHead(Buffer.byteLength(validBody)) + validBody);
      await withDeadline(answered, ANSWER_MS, () => `an answer on a connection within the cap; got: ${text}`);
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
    }

    for (const socket of held) socket.destroy();
  });
});
