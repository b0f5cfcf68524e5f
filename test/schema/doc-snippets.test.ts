/**
 * The documentation quotes the example web app instead of copying it: a fenced block right after
 * `<!-- snippet: examples/web/src/home.ts#switch-and-sign-out -->` must equal that `// #region` of the file (or
 * the whole file, without `#name`). The browser tests run those files, so a quoted snippet is a tested one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SNIPPET = /<!-- snippet: ([^#\s]+)(?:#([\w-]+))? -->\s*\n```\w*\n([\s\S]*?)\n```/g;

function markdownFiles(): string[] {
  const files = [join(ROOT, "README.md")];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  if (existsSync(join(ROOT, "docs"))) walk(join(ROOT, "docs"));
  return files;
}

/** The lines between `// #region name` and `// #endregion name`, or the whole file; markers never quoted. */
export function sourceRegion(text: string, region?: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  if (!region) return lines.filter((line) => !/^\s*\/\/ #(end)?region\b/.test(line)).join("\n");
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) throw new Error(`no region ${region}`);
  return lines.slice(start + 1, end).join("\n");
}

const snippets = markdownFiles().flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(SNIPPET)].map(([, path, region, quoted]) => ({
    where: `${relative(ROOT, file)} → ${path}${region ? `#${region}` : ""}`,
    path,
    region,
    quoted,
  })),
);

describe("documentation snippets", () => {
  it("finds a region's lines without its markers", () => {
    const text = "a\n// #region x\nb\n// #endregion x\nc\n";
    expect(sourceRegion(text, "x")).toBe("b");
    expect(sourceRegion(text)).toBe("a\nb\nc");
  });

  it.each(
    snippets.length ? snippets.map((s) => [s.where, s] as const) : [["(none quoted yet)", null] as const],
  )("%s is the file's text", (_where, snippet) => {
    if (!snippet) return;
    expect(snippet.quoted).toBe(sourceRegion(readFileSync(join(ROOT, snippet.path), "utf8"), snippet.region));
  });
});
