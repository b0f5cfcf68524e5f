import { spawn, type ChildProcess } from "node:child_process";
import Redis from "ioredis";
import { createServer, Socket, type AddressInfo, type Server } from "node:net";
import { withDeadline } from "./wait";

/**
 * A real redis-server (Debian's package, /usr/bin/redis-server) on a free loopback port, without persistence.
 * `stop()` kills it and `start()` brings it back on the same port, empty, as a restarted Redis without
 * persistence would be.
 */
export interface RedisServer {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Empties it (FLUSHALL), so that no test sees another's counters. */
  flush(): Promise<void>;
}

const READY_WITHIN_MS = 10_000;

/** `password`: the server asks for it (`--requirepass`), and `url` carries it. */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const auth = options.password ? ["--requirepass", options.password] : [];
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    port,
    url: `redis://${options.password ? `:${options.password}@` : ""}127.0.0.1:${port}`,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...auth],
        { stdio: "ignore" },
      );
      await withDeadline(untilPong(port), READY_WITHIN_MS, `redis-server on port ${port} answering PING`);
    },
    async flush() {
      const client = new Redis(port, "127.0.0.1", {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        password: options.password,
      });
      try {
        await client.connect();
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
  };
  await server.start();
  return server;
}

/** A port the kernel just had free; redis-server takes it a moment later (collisions are retried by none). */
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
async function untilPong(port: number): Promise<void> {
  for (;;) {
    if (await pingOnce(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
  });
}

/** A TCP proxy in front of Redis whose answers can be held back: Redis made slow, for real. */
export interface DelayProxy {
  url: string;
  /** Every answer from Redis reaches the client this much later (0: at once). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startDelayProxy(upstreamPort: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const proxy: DelayProxy = { url: "", delayMs: 0, close: async () => {} };
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(upstreamPort, "127.0.0.1");
    client.on("data", (chunk) => upstream.write(chunk));
    // Chunks are passed on in order, each no sooner than `delayMs` after it arrived.
    let queue = Promise.resolve();
    upstream.on("data", (chunk) => {
      const dueAt = performance.now() + proxy.delayMs;
      queue = queue
        .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - performance.now()))))
        .then(() => void (client.writable && client.write(chunk)));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  proxy.url = `redis://127.0.0.1:${port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
