// Rewrites every snippet block in README.md and docs/*.md from the file it shows (`npm run docs:snippets`).
// A snippet is a fenced code block after a line `<!-- snippet: path/to/file.ts -->` (the whole file) or
// `<!-- snippet: path/to/file.ts#name -->` (the lines between `// #region name` and `// #endregion name`),
// paths from the repository root. test/docs/docs.test.ts fails while a block differs from its file.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The repository by default; another directory with the same layout when given (the doc test uses a copy).
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..");
const MARKER = /^<!-- snippet: ([^#\s]+)(?:#(\S+))? -->$/;
const FENCE = /^(`{3,}|~{3,})/;

function snippetText(path, region) {
  const lines = readFileSync(join(root, path), "utf8").replace(/\n$/, "").split("\n");
  if (!region) return lines;
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line) => line.trim() === `// #endregion ${region}`);
  if (start < 0 || end < start) throw new Error(`${path} has no region ${region}`);
  return lines.slice(start + 1, end);
}

const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
let changed = 0;
for (const page of pages) {
  const lines = readFileSync(join(root, page), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    let open = i + 1;
    while (open < lines.length && lines[open].trim() === "") open++;
    const fence = FENCE.exec(lines[open] ?? "");
    if (!fence) throw new Error(`${page}:${i + 1}: no fenced code block after the snippet marker`);
    let close = open + 1;
    while (close < lines.length && !lines[close].startsWith(fence[1])) close++;
    if (close >= lines.length) throw new Error(`${page}:${open + 1}: unclosed code block`);
    const body = snippetText(marker[1], marker[2]);
    if (lines.slice(open + 1, close).join("\n") !== body.join("\n")) {
      lines.splice(open + 1, close - open - 1, ...body);
      changed++;
      console.log(`${page}: ${marker[1]}${marker[2] ? `#${marker[2]}` : ""} updated`);
    }
    i = open + body.length + 1;
  }
  writeFileSync(join(root, page), lines.join("\n"));
}
console.log(changed ? `${changed} snippet(s) updated` : "snippets up to date");
