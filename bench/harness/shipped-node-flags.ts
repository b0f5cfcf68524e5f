import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The node flags `npm start` runs the BFF with (the Dockerfile's CMD carries the same, a test holds them
 * equal): the bench starts the BFF exactly as shipped, heap settings included.
 */
export function shippedNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== "node") throw new Error(`npm start must run node, not ${command}`);
  return args.filter((arg) => arg.startsWith("--"));
}

/** The nearest folder with a package.json: the repository, from bench/ as from dist/bench/. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
