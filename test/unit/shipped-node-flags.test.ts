import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, shippedNodeFlags } from "../../bench/harness/shipped-node-flags";

const root = projectRoot(__dirname);

describe("the node flags the BFF ships with", () => {
  it("bound the heap (old space and young generation), read from npm start", () => {
    const flags = shippedNodeFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]));
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
  });

  it("are the Dockerfile's too, so that the image runs what the bench measured", () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(["node", ...shippedNodeFlags(), "dist/src/main.js"]);
  });
});
