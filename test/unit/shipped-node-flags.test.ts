import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, shippedNodeFlags } from "../../bench/harness/shipped-node-flags";

const root = projectRoot(__dirname);

describe("the node flags the BFF ships with", () => {
  it("size the young generation, read from npm start", () => {
    expect(shippedNodeFlags()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/)]),
    );
  });

  it("do not cap the old space: every cache is bounded in bytes, and a cap only turned pressure into a crash", () => {
    // With a 128 MB cap, one flood of unique documents ended in "Reached heap limit" (a process abort, every
    // request in flight lost). Node sizes the heap from the container's memory limit by itself.
    expect(shippedNodeFlags().filter((flag) => flag.startsWith("--max-old-space-size"))).toEqual([]);
  });

  it("are the Dockerfile's too, so that the image runs what the bench measured", () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(["node", ...shippedNodeFlags(), "dist/src/main.js"]);
  });
});
