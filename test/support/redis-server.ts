import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { withDeadline } from "./wait";

/**
 * A real redis-server (Debian's package, /usr/bin/redis-server) without persistence, listening on a unix socket
 * of its own, reached through a TCP front on a loopback port the kernel assigned (`url`, `port`). The front
 * holds its port for the whole test, so that stopping Redis and starting it again "on the same port" cannot
 * lose the port to another test running in parallel. The front is a plain relay that can hold Redis's answers
 * back (`delayMs`): Redis made slow, for real. `stop()` kills redis-server (the front then closes every
 * connection and refuses none: a connection it accepts is closed at once, as a stopped Redis's would be) and
 * `start()` brings it back, empty, as a restarted Redis without persistence would be.
 *
 * A started or flushed Redis holds an old epoch (`bff:epoch`, an hour ago), as a Redis that has served the
 * BFF for a while would: replicas trust local JWTs only once Redis is older than a sign-out's retention
 * (see RedisEpoch), and tests would otherwise wait 6 minutes. `start({ epoch: false })` is truly empty.
 */
export interface RedisServer {
  port: number;
  url: string;
  /** Every answer from Redis reaches the client this much later (0: at once). */
  delayMs: number;
  start(options?: { epoch?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Freezes redis-server (SIGSTOP): connections stay open, nothing is answered, until `resume()` (SIGCONT). */
  pause(): void;
  resume(): void;
  /** Empties it (FLUSHALL), so that no test sees another's counters. */
  flush(): Promise<void>;
  /** Stops redis-server and the front for good. */
  close(): Promise<void>;
}

const READY_WITHIN_MS = 10_000;
const EPOCH_KEY = "bff:epoch";
const OLD_EPOCH_MS = 60 * 60_000;
const EPOCH_KEPT_MS = 7 * 24 * 60 * 60_000;

/** `password`: the server asks for it (`--requirepass`), and `url` carries it; `args`: more of its options. */
export async function startRedisServer(
  options: { password?: string; args?: string[] } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "bff-redis-"));
  const socketPath = join(dir, "redis.sock");
  const auth = [...(options.password ? ["--requirepass", options.password] : []), ...(options.args ?? [])];
  const password = options.password;
  let child: ChildProcess | null = null;
  const withClient = async <T>(use: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis({ path: socketPath, lazyConnect: true, maxRetriesPerRequest: 0, password });
    try {
      await client.connect();
      return await use(client);
    } finally {
      client.disconnect();
    }
  };
  const front = await startFront(socketPath);
  const server: RedisServer = {
    port: front.port,
    url: `redis://${options.password ? `:${options.password}@` : ""}127.0.0.1:${front.port}`,
    get delayMs() {
      return front.delayMs;
    },
    set delayMs(ms: number) {
      front.delayMs = ms;
    },
    async start({ epoch = true } = {}) {
      const args = ["--port", "0", "--unixsocket", socketPath, "--save", "", "--appendonly", "no", ...auth];
      front.closed = true;
      child = spawn("redis-server", args, { stdio: "ignore" });
      await withDeadline(
        untilPong(socketPath),
        READY_WITHIN_MS,
        `redis-server on ${socketPath} answering PING`,
      );
      if (epoch)
        await withClient((client) =>
          client.set(EPOCH_KEY, String(Date.now() - OLD_EPOCH_MS), "PX", EPOCH_KEPT_MS),
        );
      front.closed = false;
    },
    async flush() {
      // In one transaction: a replica checking the epoch in between would start a young one.
      await withClient((client) =>
        client
          .multi()
          .flushall()
          .set(EPOCH_KEY, String(Date.now() - OLD_EPOCH_MS), "PX", EPOCH_KEPT_MS)
          .exec(),
      );
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async stop() {
      const running = child;
      child = null;
      front.dropAll();
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      running.kill("SIGCONT");
      await exited;
    },
    async close() {
      await server.stop();
      await front.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** A port the kernel just had free (for a process that must be told its port before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Sends PING until Redis answers it (+PONG, or -NOAUTH when it wants a password). */
async function untilPong(socketPath: string): Promise<void> {
  for (;;) {
    if (await pingOnce(socketPath)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function pingOnce(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.connect(socketPath, () => socket.write("PING\r\n"));
  });
}

interface Front {
  port: number;
  delayMs: number;
  /** Refuses new connections (while Redis starts and its epoch is seeded). */
  closed: boolean;
  /** Closes every relayed connection (Redis went away). */
  dropAll(): void;
  close(): Promise<void>;
}

/** The TCP relay in front of the unix socket; answers from Redis pass in order, each `delayMs` late. */
async function startFront(socketPath: string): Promise<Front> {
  const sockets = new Set<Socket>();
  const front: Front = { port: 0, delayMs: 0, closed: false, dropAll: () => {}, close: async () => {} };
  const server: Server = createServer((client) => {
    // Closed while Redis starts: a replica reconnecting before the epoch is seeded would start a young one.
    if (front.closed) return void client.destroy();
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(socketPath);
    client.on("data", (chunk) => upstream.write(chunk));
    let queue = Promise.resolve();
    upstream.on("data", (chunk) => {
      const dueAt = performance.now() + front.delayMs;
      queue = queue
        .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - performance.now()))))
        .then(() => void (client.writable && client.write(chunk)));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  front.port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  front.dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  front.close = async () => {
    front.dropAll();
    await new Promise((resolve) => server.close(resolve));
  };
  return front;
}
