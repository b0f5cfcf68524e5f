import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const READY_DEADLINE_MS = 30_000;

export interface WebDevServer {
  /** The page's origin with a trailing slash, e.g. http://localhost:41233/. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The example web app as a developer runs it: `npm run web`, with BFF_URL naming the BFF. Port 0 lets parallel
 * test files each have one; its own optimizer cache keeps them from writing one directory at once.
 */
export async function startWebDevServer(bffUrl: string): Promise<WebDevServer> {
  const cacheDir = await mkdtemp(join(tmpdir(), "web-dev-cache-"));
  // A process group of its own (npm → sh → vite), so that stop() ends all three and nothing else.
  const child = spawn("npm", ["run", "web", "--", "--port", "0"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BFF_URL: new URL(bffUrl).origin, VITE_CACHE_DIR: cacheDir, NO_COLOR: "1" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
    await exited;
    await rm(cacheDir, { recursive: true, force: true });
  };
  try {
    return { url: await readyUrl(child.stdout!, child.stderr!, exited), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Vite's "Local: http://localhost:PORT/" line; fails when the server exits first or the deadline passes. */
function readyUrl(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream, exited: Promise<void>) {
  let output = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web dev server not ready:\n${output}`)),
      READY_DEADLINE_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Local:\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    stdout.on("data", read);
    stderr.on("data", read);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`web dev server exited:\n${output}`));
    });
  });
}
