import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { memoryMB } from "../../bench/harness/proc-stats";
import { withDeadline } from "./wait";

/** The BFF started the way it ships: `npm start` (node, its heap flags, dist/src/main.js). */
export interface ShippedProcess {
  /** The public /graphql URL from the start-up banner. */
  url: string;
  /** The metrics listener's URL from the banner, unless metrics are off. */
  metricsUrl?: string;
  /** The embedded Stytch emulator's URL from the banner, when no Stytch credentials were given. */
  emulatorUrl?: string;
  /** The demo session token (Ada, Acme Corp) the banner prints with the embedded emulator. */
  demoToken?: string;
  /** From the spawn of `npm start` to its banner. */
  readyAfterMs: number;
  /** The node process itself (npm and sh sit above it), whose memory is what matters. */
  nodePid: number;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** The JSON log lines printed so far (pino's, one object a line), in order. */
  logLines(): Array<Record<string, any>>;
  /** Resolves with the match once the output matches `pattern`; fails after `ms` with the output so far. */
  waitForOutput(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  /** Sends `signal` to the node process alone, as an orchestrator signals the server. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once npm and the node process have exited (and closed their output). */
  closed: Promise<void>;
  /** False once the node process has exited (a crash, an out-of-memory abort). */
  alive(): boolean;
  /** Resident set size now and its peak, in MB, from /proc (NaN once the process is gone). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

const ROOT = join(__dirname, "..", "..");
const READY = /ready at (http:\/\/\S+\/graphql)\n/;
const METRICS = /Prometheus metrics at (http:\/\/\S+\/metrics)/;
const EMULATOR = /embedded Stytch emulator at (http:\/\/\S+)/;
const DEMO_TOKEN = /Demo session token \(Ada, Acme Corp\): (\S+)/;

/**
 * Spawns `npm start` in its own process group with `env` over a clean base: no Stytch credentials unless
 * given (the embedded emulator then serves), ephemeral metrics and emulator ports (parallel runs must not
 * collide on the default ones). Resolves once the banner names the URL. The banner is one console.log, one write to the
 * pipe: its other lines (metrics, emulator, demo token) arrive with the first.
 */
export async function startShipped(
  env: Record<string, string>,
  readyTimeoutMs = 15_000,
): Promise<ShippedProcess> {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    METRICS_PORT: "0",
    // Likewise the embedded emulator's fixed default port (4010).
    STYTCH_EMULATOR_PORT: "0",
    LOG_LEVEL: "warn",
    // No load balancer to wait for on SIGTERM.
    SHUTDOWN_DELAY_MS: "0",
  };
  delete base.STYTCH_PROJECT_ID;
  delete base.STYTCH_SECRET;
  delete base.STYTCH_BASE_URL;
  const spawnedAt = performance.now();
  const child = spawn("npm", ["start", "--silent"], { cwd: ROOT, env: { ...base, ...env }, detached: true });
  let output = "";
  const listeners = new Set<() => void>();
  // "close": npm has exited and every process holding its output (node, draining after SIGTERM) has too.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`not ready after ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const listener of listeners) listener();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const onReady = () => {
      const match = READY.exec(output);
      if (!match) return;
      listeners.delete(onReady);
      clearTimeout(timer);
      resolve(match[1]);
    };
    listeners.add(onReady);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ready:\n${output}`));
    });
  });
  const readyAfterMs = performance.now() - spawnedAt;
  const nodePid = findNodeDescendant(child.pid!);
  return {
    url,
    metricsUrl: METRICS.exec(output)?.[1],
    emulatorUrl: EMULATOR.exec(output)?.[1],
    demoToken: DEMO_TOKEN.exec(output)?.[1],
    readyAfterMs,
    nodePid,
    output: () => output,
    logLines: () =>
      output
        // Whole lines only: the last one may still be on its way.
        .slice(0, output.lastIndexOf("\n") + 1)
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line)),
    waitForOutput(pattern, ms) {
      let listener = () => undefined as void;
      const matched = new Promise<RegExpExecArray>((resolve) => {
        listener = () => {
          const match = pattern.exec(output);
          if (match) resolve(match);
        };
        listeners.add(listener);
        listener();
      });
      return withDeadline(matched, ms, () => `output matching ${pattern}; got:\n${output}`).finally(() =>
        listeners.delete(listener),
      );
    },
    signal(signal) {
      process.kill(nodePid, signal);
    },
    closed,
    alive: () => child.exitCode === null && child.signalCode === null && isRunning(nodePid),
    memory: () => (isRunning(nodePid) ? memoryMB(nodePid) : { rss: NaN, peak: NaN }),
    async stop() {
      // npm, sh and node share the process group: SIGTERM reaches all of them.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
      await closed;
    },
  };
}

/** The process running dist/src/main.js under `pid` (npm → sh → node, or npm → node). */
function findNodeDescendant(pid: number): number {
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    // Not the shell in between, whose one argument is the whole command line.
    const [program, ...args] = readFileSync(`/proc/${current}/cmdline`, "utf8").split("\0");
    if (/(^|\/)node$/.test(program) && args.includes("dist/src/main.js")) return current;
    queue.push(...childrenOf(current));
  }
  throw new Error(`no node process running dist/src/main.js under pid ${pid}`);
}

function childrenOf(pid: number): number[] {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [];
  const children: number[] = [];
  for (const task of readdirSync(tasks)) {
    const text = readFileSync(`${tasks}/${task}/children`, "utf8").trim();
    if (text) children.push(...text.split(/\s+/).map(Number));
  }
  return children;
}

/** Running and not a zombie: a crashed node stays a zombie until its parent reaps it. */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}
