import { generate } from "@graphql-codegen/cli";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import config from "../../codegen";

const root = join(__dirname, "..", "..");

describe("client/generated", () => {
  it("is what codegen makes of schema.graphql and client/operations (run `npm run codegen`)", async () => {
    // In memory (false: write nothing), so a stale checkout is reported rather than silently fixed.
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, cwd: root, silent: true },
      false,
    );
    expect(outputs.map((output) => output.filename).sort()).toEqual(Object.keys(config.generates).sort());
    for (const output of outputs) {
      const committed = readFileSync(join(root, output.filename), "utf8");
      expect({ file: output.filename, content: committed }).toEqual({
        file: output.filename,
        content: output.content,
      });
    }
  }, 60_000);
});
