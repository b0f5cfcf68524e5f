import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { ChildMessage, ParentMessage } from "../children/ipc";
import { shippedNodeFlags } from "./shipped-node-flags";

/** A server under test (or the upstream) in its own process: one event loop, one core, its own /proc entry. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly origin: string;
  /** Queries a bench child over IPC (the BFF has no IPC: it is the shipped dist/src/main.js). */
  ask<T>(query: string): Promise<T>;
  stop(): Promise<void>;
}

const CHILDREN_DIR = join(__dirname, "..", "children");
export const BFF_MAIN = join(__dirname, "..", "..", "src", "main.js");
const READY_TIMEOUT_MS = 20_000;

/** Starts dist/bench/children/<script>.js, sends it `payload`, and waits for its port. */
export async function startBenchChild(
  name: string,
  script: string,
  nodeFlags: string[],
  payload: unknown,
): Promise<ServerProcess> {
  const child = spawnNode(join(CHILDREN_DIR, `${script}.js`), nodeFlags, {}, true);
  const stderr = collectStderr(child);
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: not ready after ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.on("message", (message: ChildMessage) => {
      if (message.kind === "ready") {
        clearTimeout(timer);
        resolve(message.port);
      } else if (message.kind === "failed") reject(new Error(`${name} failed to start: ${message.message}`));
      else if (message.kind === "answer") pending.get(message.id)?.(message.value);
    });
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before ready: ${stderr()}`)));
    child.send({ kind: "init", payload } satisfies ParentMessage);
  });
  return {
    name,
    pid: child.pid!,
    origin: `http://127.0.0.1:${port}`,
    ask: <T>(query: string) =>
      new Promise<T>((resolve) => {
        const id = nextId++;
        pending.set(id, (value) => {
          pending.delete(id);
          resolve(value as T);
        });
        child.send({ kind: "ask", id, query } satisfies ParentMessage);
      }),
    stop: () => stopChild(child),
  };
}

/**
 * Starts the BFF exactly as shipped (node dist/src/main.js) with `env`, on a free loopback port, and waits for
 * /readyz. Its logs (stdout) go to /dev/null: the BFF still formats and writes every line, as in production.
 */
export async function startBffProcess(
  name: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawnNode(
    BFF_MAIN,
    [...shippedNodeFlags(), ...nodeFlags],
    // Metrics on any free port unless `env` names one (to scrape it): the default one may be taken by
    // another BFF on this machine.
    { METRICS_PORT: "0", STYTCH_EMULATOR_PORT: "0", ...env, HOST: "127.0.0.1", PORT: String(port) },
    false,
  );
  const stderr = collectStderr(child);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`${name} exited (${exited}) before ready: ${stderr()}`);
    if (Date.now() > deadline) throw new Error(`${name}: /readyz not 200 after ${READY_TIMEOUT_MS} ms`);
    const ok = await fetch(`${origin}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    name,
    pid: child.pid!,
    origin,
    ask: () => Promise.reject(new Error("the BFF has no IPC channel")),
    stop: () => stopChild(child),
  };
}

function spawnNode(
  script: string,
  nodeFlags: string[],
  env: Record<string, string>,
  ipc: boolean,
): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, script], {
    // Every server runs as in production; a jest parent's NODE_ENV=test must not leak in.
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ipc ? ["ignore", "ignore", "pipe", "ipc"] : ["ignore", "ignore", "pipe"],
  });
}

function collectStderr(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  });
  return () => text;
}

/** SIGTERM (the BFF drains, and writes its --cpu-prof profile), SIGKILL if it lingers. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
